using System.Reflection;
using System.Runtime.InteropServices;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Every native call the ledger declares itself needs no marshalling: its arguments and result are numbers and pointers, and
/// errno is not saved by the runtime. Such a call is compiled into the tool's ReadyToRun image with the code around it; one that
/// marshals (a string, an array, an <c>out</c> value, <c>SetLastError</c>) had a stub compiled by the JIT, fully optimised, the
/// first time it ran — three of them at every cold <c>ledger state</c> (the output's and the store's file checks). The
/// declarations are <c>LibraryImport</c>s: the marshalling is generated C#, compiled with the ledger (docs/performance.md, round 67).
/// </summary>
public sealed class BlittableNativeCallsTests
{
    private static IEnumerable<Assembly> LedgerAssemblies() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name == "ledger" || name!.StartsWith("RelationsLedger.", StringComparison.Ordinal) && !name.EndsWith(".Tests", StringComparison.Ordinal) && name != "RelationsLedger.Testing")
            .Select(name => Assembly.Load(name!));

    private static IEnumerable<MethodInfo> NativeCalls(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.Attributes.HasFlag(MethodAttributes.PinvokeImpl));

    private static bool Blittable(Type type) =>
        type.IsPointer || type.IsPrimitive && type != typeof(bool) && type != typeof(char) || type == typeof(void);

    private static IEnumerable<string> WhyMarshalled(MethodInfo call)
    {
        var import = call.GetCustomAttribute<DllImportAttribute>()!;
        if (import.SetLastError) yield return "SetLastError";
        if (!import.PreserveSig) yield return "not PreserveSig";
        if (!Blittable(call.ReturnType)) yield return $"returns {call.ReturnType}";
        foreach (var p in call.GetParameters().Where(p => !Blittable(p.ParameterType) || p.GetCustomAttribute<MarshalAsAttribute>() is not null))
            yield return $"{p.Name}: {p.ParameterType}";
    }

    [Fact]
    public void Every_native_call_of_the_ledger_passes_only_numbers_and_pointers()
    {
        var calls = LedgerAssemblies().SelectMany(NativeCalls).ToList();
        Assert.Contains(calls, c => c.GetCustomAttribute<DllImportAttribute>()!.EntryPoint == "statx"); // the list is the ledger's own calls
        Assert.Contains(calls, c => c.GetCustomAttribute<DllImportAttribute>()!.EntryPoint == "sqlite3_file_control");
        var marshalled = calls.Select(c => (Call: $"{c.DeclaringType}.{c.Name}", Why: string.Join(", ", WhyMarshalled(c)))).Where(c => c.Why.Length > 0).ToList();
        Assert.True(marshalled.Count == 0, string.Join("\n", marshalled.Select(c => $"{c.Call}: {c.Why}")));
    }
}
