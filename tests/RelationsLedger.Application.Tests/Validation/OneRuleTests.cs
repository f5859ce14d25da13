using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Storage;
using RelationsLedger.Application.Tests.Validation.AsWrittenBefore;
using RelationsLedger.Testing;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// The state questions' rules written as one rule over the question (<see cref="OneRule{T}"/>, docs/performance.md round 62)
/// refuse exactly what their field rules refused, with the same failures: field, message, attempted value, in the same order.
/// The reference is the validator as it was written before (<see cref="OldStateQuestionValidator{T}"/>), FluentValidation's own rules.
/// </summary>
public sealed class OneRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Parties, days and moments that each rule refuses, alone and together, and text that holds the messages' placeholders.</summary>
    public static TheoryData<string?, string?, string?, string?> Questions()
    {
        string?[] parties = ["RU", "US", "ru", "", null, "R U", "taliban", "x", "{PropertyName}", "{PropertyValue}", "{PropertyPath}",
            "{ComparisonProperty}", "{ComparisonValue}", "{PropertyValue:N2}", "{0}", "a\u0007b", "RU\u202E", new string('A', 300), "ΑΒ"];
        string?[] days = ["2024-12-31", "2024-02-30", "2024-13-45", "2024-12-3", "2024-12-31T00:00:00Z", "", null, "{PropertyName}", "2024-1{-01", "0000-01-01"];
        string?[] knownAts = [null, "2025-01-01T00:00:00Z", "2026-12-07T12:04:59Z", "2026-12-07T12:05:01Z", "9999-12-31T23:59:59Z"];
        var questions = new HashSet<(string?, string?, string?, string?)>();
        var i = 0;
        foreach (var a in parties)
            foreach (var b in parties)
            {
                // Every pair of parties, the days and moments taken in turn, so each meets each and the set stays small.
                questions.Add((a, b, days[i % days.Length], knownAts[i % knownAts.Length]));
                i++;
            }
        foreach (var day in days)
            foreach (var knownAt in knownAts)
                questions.Add(("{PropertyValue}", "{PropertyValue}", day, knownAt));
        var data = new TheoryData<string?, string?, string?, string?>();
        foreach (var (a, b, day, knownAt) in questions) data.Add(a, b, day, knownAt);
        return data;
    }

    [Theory]
    [MemberData(nameof(Questions))]
    public void The_state_question_is_refused_as_its_field_rules_refused_it(string? partyA, string? partyB, string? asOf, string? knownAt)
    {
        EnsureContractNames(); // before a validator is made: a rule takes its field's name when it is made
        var ledger = new LedgerNow(new ManualClock(Now), null);
        var question = new GetRelationshipState(partyA!, partyB!, asOf!, knownAt is null ? null : DateTimeOffset.Parse(knownAt, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Failures(new OldStateQuestionValidator<GetRelationshipState>(ledger), question), Failures(new GetRelationshipStateValidator(ledger), question));
        var replay = new ReplayRelationshipState(question.PartyA, question.PartyB, question.AsOf, question.KnownAt);
        Assert.Equal(Failures(new OldStateQuestionValidator<GetRelationshipState>(ledger), question), Failures(new ReplayRelationshipStateValidator(ledger), replay));
    }

    /// <summary>What a user sees of a failure (the field and the message, the CLI's renaming reads the attempted value), in order.</summary>
    private static List<(string Field, string Message, object Value)> Failures<T>(IValidator<T> validator, T question)
    {
        return validator.Validate(new ValidationContext<T>(question)).Errors.Select(f => (f.PropertyName, f.ErrorMessage, f.AttemptedValue)).ToList();
    }

    /// <summary>FluentValidation's global name resolver set to the contract's names, as every entry point runs with (the ledger's services).</summary>
    private static void EnsureContractNames() => new ServiceCollection().AddRelationsLedger(LedgerRequests.Questions);

    [Fact]
    public void The_state_question_s_validators_have_no_fluent_validation_rule()
    {
        // A rule per field made an expression tree each, compiled, and FluentValidation's objects for each of them (round 62); a
        // rule over the whole question still made the identity tree and its compile (round 64).
        EnsureContractNames();
        Assert.Empty(new GetRelationshipStateValidator(new LedgerNow(new ManualClock(Now), null)));
        Assert.Empty(new ReplayRelationshipStateValidator(new LedgerNow(new ManualClock(Now), null)));
    }
}
