namespace RelationsLedger.Cli.Tests;

/// <summary>
/// What a cold <c>ledger state</c> no longer does (docs/performance.md, round 35): list the application's public types
/// (the container and the command list find their classes in its metadata, loading only those), and run LINQ to an int or
/// to a tuple (generic instantiations over value types that the tool's composite ReadyToRun image does not hold, compiled
/// at run time). The tests' build is not compiled ahead of time, so every method of the ledger's that runs is in the
/// runtime's list, and with .NET's ahead-of-time code turned off, every one of .NET's too.
/// </summary>
public sealed class ColdQuestionShapeTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => Path.Combine(_folder.Path, "ledger.db");

    private async Task<IReadOnlyList<string>> CompiledByAStateQuestionAsync(bool withFramework = false)
    {
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", Store, "demo")).ExitCode);
        var (run, methods) = await LedgerCli.RunProcessListingCompiledAsync(_folder.Path, withFramework,
            "--store", Store, "state", "AF", "taliban", "--as-of", "2024-12-31", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(methods, m => m.Contains("JIT compiled RelationsLedger.Application.DependencyInjection:AddRelationsLedger", StringComparison.Ordinal));
        return methods;
    }

    [Fact]
    public async Task A_state_question_registers_its_services_without_listing_the_application_s_types()
    {
        // .NET's methods compiled at run time too: GetExportedTypes is one of them.
        var methods = await CompiledByAStateQuestionAsync(withFramework: true);
        Assert.Contains(methods, m => m.Contains("JIT compiled System.Reflection.RuntimeAssembly:", StringComparison.Ordinal)); // the list has .NET's
        Assert.DoesNotContain(methods, m => m.Contains("JIT compiled System.Reflection.RuntimeAssembly:GetExportedTypes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_state_question_runs_no_LINQ_to_an_int_or_a_tuple()
    {
        var methods = await CompiledByAStateQuestionAsync();
        Assert.Contains(methods, m => m.Contains("JIT compiled RelationsLedger.Projections.Relationships.StateItems:Assemble", StringComparison.Ordinal));
        Assert.DoesNotContain(methods, m => m.Contains("JIT compiled System.Linq.Enumerable", StringComparison.Ordinal)
            && (m.Contains("System.ValueTuple`", StringComparison.Ordinal) || m.Contains(",int]", StringComparison.Ordinal) || m.Contains("[int]", StringComparison.Ordinal)));
        Assert.DoesNotContain(methods, m => m.Contains("JIT compiled System.Collections.Frozen.FrozenDictionary:ToFrozenDictionary[int,", StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();
}
