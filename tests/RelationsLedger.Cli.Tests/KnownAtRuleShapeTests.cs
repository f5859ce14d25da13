namespace RelationsLedger.Cli.Tests;

/// <summary>
/// The rule that refuses a known-at moment still to come runs over the question, not over its <c>DateTimeOffset?</c>:
/// FluentValidation's rule types over a value type are instantiations the tool's composite ReadyToRun image does not hold,
/// and a cold <c>ledger state --known-at</c> compiled ~30 of their methods at run time (docs/performance.md, round 34). The
/// tests' build is not compiled ahead of time, so every method that runs is in the runtime's list: a rule over the value
/// type would be there.
/// </summary>
public sealed class KnownAtRuleShapeTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => Path.Combine(_folder.Path, "ledger.db");

    [Fact]
    public async Task A_question_asked_as_known_at_a_moment_runs_no_validation_rule_over_a_value_type()
    {
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", Store, "demo")).ExitCode);
        var (run, methods) = await LedgerCli.RunProcessListingCompiledAsync(_folder.Path,
            "--store", Store, "state", "AF", "taliban", "--as-of", "2024-12-31", "--known-at", "2025-01-01T00:00:00Z", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(methods, m => m.Contains("JIT compiled RelationsLedger.Application.Queries.QueryRules:KnownAtNotToCome", StringComparison.Ordinal));
        Assert.DoesNotContain(methods, m => m.Contains("JIT compiled FluentValidation.", StringComparison.Ordinal)
            && m.Contains("System.Nullable`1[System.DateTimeOffset]", StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();
}
