using System.Reflection;

/// <summary>
/// A start-up hook for a <c>ledger</c> process a test starts (<see cref="RelationsLedger.Testing.LedgerCli.RunProcessListingAssembliesAsync"/>):
/// the runtime calls <see cref="Initialize"/> before <c>Main</c> in a process started with this assembly in
/// <c>DOTNET_STARTUP_HOOKS</c>, and as the process exits the hook writes the simple name of every assembly it loaded, one a line,
/// to the file <c>RELATIONSLEDGER_TEST_LOADED_ASSEMBLIES</c> names. In the global namespace and named so: the runtime looks for
/// <c>StartupHook.Initialize</c> there. It touches nothing of this assembly's own references (xunit), which the process lacks.
/// </summary>
internal static class StartupHook
{
    public const string ListVariable = "RELATIONSLEDGER_TEST_LOADED_ASSEMBLIES";

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(ListVariable) is not { Length: > 0 } list) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            File.WriteAllLines(list, AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "").Order(StringComparer.Ordinal));
    }
}
