using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Commands.Relations;
using RelationsLedger.Application.Tests.Validation.AsWrittenBefore;
using RelationsLedger.Testing;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// The batch's validator written as a <see cref="OneRuleValidator{T}"/> (docs/performance.md, round 64) refuses exactly what it
/// refused as FluentValidation's rules (<see cref="OldRecordBatchValidator"/>): the batch's size filed as <c>batch</c> (its
/// placeholders the items' field's), each item's failures under its label, a command id given twice — field, message, error
/// code, attempted value, severity, state and placeholders, in order; and the validator has no FluentValidation rule.
/// </summary>
public sealed class BatchRulesOracleTests
{
    public static TheoryData<string> Batches() => ["empty", "one", "one refused", "several refused", "ids twice", "the most", "one too many", "far too many, refused"];

    [Theory]
    [MemberData(nameof(Batches))]
    public void The_batch_is_refused_as_its_rules_refused_it(string name)
    {
        using var services = new ServiceCollection().AddRelationsLedger().BuildServiceProvider();
        var validators = services.GetRequiredService<CommandValidators>();
        var batch = new RecordBatch(Items(name));
        var expected = new OldRecordBatchValidator(validators).Validate(new ValidationContext<RecordBatch>(batch)).Errors;
        var actual = new RecordBatchValidator(validators).Validate(new ValidationContext<RecordBatch>(batch)).Errors;
        Assert.Null(FailureDiff.Of(expected, actual));
        Assert.Equal(name == "one" || name == "the most", expected.Count == 0); // not vacuous: every other batch is refused
    }

    [Fact]
    public void The_batch_s_validator_has_no_fluent_validation_rule()
    {
        using var services = new ServiceCollection().AddRelationsLedger().BuildServiceProvider();
        Assert.Empty(new RecordBatchValidator(services.GetRequiredService<CommandValidators>()));
    }

    private static List<BatchItem> Items(string name)
    {
        BatchItem Good(int i) => new($"commands[{i}]", TestLedger.Sourced(new MakeStatement("RU", "US", "Spokesperson", "neutral", $"Statement {i}."), "2024"));
        BatchItem Bad(int i) => new($"line {i + 1}", TestLedger.Sourced(new EstablishRelations("RU", i % 2 == 0 ? "RU" : "{PropertyName}"), i % 3 == 0 ? "2999" : "2024")
            with { RecordedBy = i % 2 == 0 ? "" : "x" });
        var first = Good(0);
        return name switch
        {
            "empty" => [],
            "one" => [Good(0)],
            "one refused" => [Bad(0)],
            "several refused" => [Good(0), Bad(1), Good(2), Bad(3), Bad(4)],
            "ids twice" => [first, Good(1) with { Command = first.Command }, Good(2), Good(3) with { Command = first.Command }],
            "the most" => [.. Enumerable.Range(0, BatchLimits.MaxItems).Select(Good)],
            "one too many" => [.. Enumerable.Range(0, BatchLimits.MaxItems + 1).Select(Good)],
            _ => [.. Enumerable.Range(0, BatchLimits.MaxItems * 2).Select(Bad)],
        };
    }
}
