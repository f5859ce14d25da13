namespace RelationsLedger.Cli.Tests;

/// <summary>
/// What a cold <c>ledger state --json</c> no longer does: run a validation rule over a value type (the known-at rule, round
/// 34) or LINQ to an int or to a tuple, or key a frozen dictionary by an int (generic instantiations over value types that the
/// tool's composite ReadyToRun image does not hold, compiled at run time); and describe to the serializer the items of a kind
/// the answer has none of (round 35; docs/performance.md). The tests' build is not compiled ahead of time, so every method
/// that runs is in the runtime's list.
/// </summary>
public sealed class ColdQuestionShapeTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => Path.Combine(_folder.Path, "ledger.db");

    private async Task<IReadOnlyList<string>> CompiledByAsync(string partyA, string partyB, params string[] options)
    {
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", Store, "demo")).ExitCode);
        var (run, methods) = await LedgerCli.RunProcessListingCompiledAsync(_folder.Path,
            ["--store", Store, "state", partyA, partyB, "--as-of", "2024-12-31", .. options, "--json"]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(methods, m => m.Contains("JIT compiled RelationsLedger.Projections.Relationships.StateItems:Assemble", StringComparison.Ordinal));
        return methods;
    }

    [Fact]
    public async Task A_question_asked_as_known_at_a_moment_runs_no_validation_rule_over_a_value_type()
    {
        var methods = await CompiledByAsync("AF", "taliban", "--known-at", "2025-01-01T00:00:00Z");
        Assert.Contains(methods, m => m.Contains("JIT compiled RelationsLedger.Application.Queries.QueryRules:KnownAtNotToCome", StringComparison.Ordinal));
        Assert.DoesNotContain(methods, m => m.Contains("JIT compiled FluentValidation.", StringComparison.Ordinal)
            && m.Contains("System.Nullable`1[System.DateTimeOffset]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_state_question_runs_no_LINQ_to_an_int_or_a_tuple()
    {
        var methods = await CompiledByAsync("AF", "taliban");
        Assert.DoesNotContain(methods, m => m.Contains("JIT compiled System.Linq.Enumerable", StringComparison.Ordinal)
            && (m.Contains("System.ValueTuple`", StringComparison.Ordinal) || m.Contains(",int]", StringComparison.Ordinal) || m.Contains("[int]", StringComparison.Ordinal)));
        Assert.DoesNotContain(methods, m => m.Contains("JIT compiled System.Collections.Frozen.FrozenDictionary:ToFrozenDictionary[int,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_answer_with_no_item_of_a_kind_does_not_describe_that_kind_s_items_to_the_serializer()
    {
        // AF and US have no relationship in the founding example: every section is empty, and only the read model's
        // freshness is described.
        var methods = await CompiledByAsync("AF", "US");
        Assert.Contains(methods, m => m.Contains("JIT compiled RelationsLedger.Application.Serialization.ContractJsonContext:Create_ReadModelFreshness", StringComparison.Ordinal));
        Assert.DoesNotContain(methods, m => m.Contains("JIT compiled RelationsLedger.Application.Serialization.ContractJsonContext:Create_Designation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_state_question_does_not_find_the_commands_or_register_their_handlers()
    {
        // Finding them loaded every public type of the application and made four generic types a command (round 60).
        var methods = await CompiledByAsync("AF", "taliban");
        Assert.DoesNotContain(methods, m => m.Contains("JIT compiled RelationsLedger.Application.Commands.Recording.CommandTypes:", StringComparison.Ordinal));
        Assert.Contains(methods, m => m.Contains("JIT compiled RelationsLedger.Application.DependencyInjection:AddQuestions", StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();
}
