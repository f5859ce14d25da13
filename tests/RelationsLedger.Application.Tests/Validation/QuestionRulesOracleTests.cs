using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Trail;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Pipeline;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Application.Queries.Panel;
using RelationsLedger.Application.Queries.Parties;
using RelationsLedger.Application.Queries.Timelines;
using RelationsLedger.Application.Storage;
using RelationsLedger.Application.Tests.Validation.AsWrittenBefore;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// Every question's validator written as checks through <see cref="OneRule{T}"/> with no FluentValidation rule
/// (<see cref="OneRuleValidator{T}"/>, docs/performance.md round 64) refuses exactly what the validator as written before refused
/// (<c>AsWrittenBefore/QuestionValidators.cs</c>: FluentValidation's rules per field, kept as the oracle): the same failures in
/// the same order — field, message, error code, attempted value, severity, custom state and the message's placeholders — on
/// thousands of questions of every kind: valid, each field bad alone, several bad at once, values holding the messages'
/// placeholders, nulls, empties, overlong and odd Unicode, moments past, within the clocks' margin and to come; run as the CLI
/// runs them (a context each, synchronously), as the pipeline does (one context for the question's validators) and asynchronously.
/// </summary>
public sealed class QuestionRulesOracleTests
{
    private static readonly LedgerNow Ledger = new(new Testing.ManualClock(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero)), null);

    /// <summary>Each question's validator now, and as written before.</summary>
    private static readonly Dictionary<Type, (Func<IValidator> Now, Func<IValidator> Before)> Validators = new()
    {
        [typeof(GetRelationshipState)] = (() => new GetRelationshipStateValidator(Ledger), () => new OldStateQuestionValidator<GetRelationshipState>(Ledger)),
        [typeof(ReplayRelationshipState)] = (() => new ReplayRelationshipStateValidator(Ledger), () => new OldStateQuestionValidator<ReplayRelationshipState>(Ledger)),
        [typeof(GetChangedRelationships)] = (() => new GetChangedRelationshipsValidator(Ledger), () => new OldGetChangedRelationshipsValidator(Ledger)),
        [typeof(GetDesignationsBy)] = (() => new GetDesignationsByValidator(Ledger), () => new OldGetDesignationsByValidator(Ledger)),
        [typeof(GetDesignationsOf)] = (() => new GetDesignationsOfValidator(Ledger), () => new OldGetDesignationsOfValidator(Ledger)),
        [typeof(GetMissionsAtLeast)] = (() => new GetMissionsAtLeastValidator(Ledger), () => new OldGetMissionsAtLeastValidator(Ledger)),
        [typeof(GetCorrelatedHistory)] = (() => new GetCorrelatedHistoryValidator(), () => new OldGetCorrelatedHistoryValidator()),
        [typeof(GetHistory)] = (() => new GetHistoryValidator(), () => new OldGetHistoryValidator()),
        [typeof(GetPanel)] = (() => new GetPanelValidator(Ledger), () => new OldGetPanelValidator(Ledger)),
        [typeof(GetPartyRelationships)] = (() => new GetPartyRelationshipsValidator(), () => new OldGetPartyRelationshipsValidator()),
        [typeof(GetRelationshipTimeline)] = (() => new GetRelationshipTimelineValidator(Ledger), () => new OldGetRelationshipTimelineValidator(Ledger)),
        [typeof(GetAuditTrail)] = (() => new GetAuditTrailValidator(Ledger), () => new OldGetAuditTrailValidator(Ledger)),
        [typeof(ExportEvents)] = (() => new ExportEventsValidator(), () => new OldExportEventsValidator()),
        [typeof(VerifyExport)] = (() => new VerifyExportValidator(), () => new OldVerifyExportValidator()),
        [typeof(VerifyLedger)] = (() => new VerifyLedgerValidator(), () => new OldVerifyLedgerValidator()),
    };

    /// <summary>The fields each question's validator files failures under (what the comparison must see refused).</summary>
    private static readonly Dictionary<Type, string[]> Checked = new()
    {
        [typeof(GetRelationshipState)] = ["partyA", "partyB", "asOf", "knownAt"],
        [typeof(ReplayRelationshipState)] = ["partyA", "partyB", "asOf", "knownAt"],
        [typeof(GetChangedRelationships)] = ["from", "to", "knownAt"],
        [typeof(GetDesignationsBy)] = ["party", "asOf", "knownAt"],
        [typeof(GetDesignationsOf)] = ["party", "asOf", "knownAt"],
        [typeof(GetMissionsAtLeast)] = ["party", "minimumLevel", "asOf", "knownAt"],
        [typeof(GetCorrelatedHistory)] = ["correlationId", "partyA", "partyB"],
        [typeof(GetHistory)] = ["partyA", "partyB"],
        [typeof(GetPanel)] = ["from", "to", "every", "on", "aspects", "party", "knownAt"],
        [typeof(GetPartyRelationships)] = ["party"],
        [typeof(GetRelationshipTimeline)] = ["partyA", "partyB", "knownAt"],
        [typeof(GetAuditTrail)] = ["partyA", "partyB", "knownAt"],
        [typeof(ExportEvents)] = ["partyA", "partyB", "to"],
        [typeof(VerifyExport)] = ["digest"],
        [typeof(VerifyLedger)] = ["partyA", "partyB", "digest"],
    };

    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>A question's texts: the commands' hostile texts, and days, partial dates, periods, days of a year, kinds and digests, good and bad.</summary>
    private static readonly string?[] Texts =
    [
        .. CommandRulesOracleTests.Hostile,
        "2024-12-31", "2024-12-30", "2025-01-01", "2024-13-45", "2024-12-3", "2024-12-31T00:00:00Z", "2019", "2020-06", "0000-01-01", "9999-12-31",
        "2024-1{-01", "embassy", "year", "quarter", "month", "day", "week", "Year", "12-31", "02-29", "02-30", "13-01", "1-1", "06-30",
        .. PanelPlan.KindNames.Take(3), string.Join(",", PanelPlan.KindNames.Take(2)), "bogus", ",", "a,,b", "chargé", "consulate",
        $"rld2-5-20261201T000000Z-{Hash}", $"rld1-5-20261201T000000Z-{Hash}", $"rld2-x-20261201T000000Z-{Hash}", "rld2-5-2026-" + Hash,
        "rld2-5-20261201T000000Z-ABC", "rld3-5-20261201T000000Z-" + Hash, "{PropertyValue}-5-x-y",
    ];

    /// <summary>Moments: none, past, within and beyond the clocks' margin of the clock's now, the last there is.</summary>
    private static readonly DateTimeOffset?[] Moments =
    [
        null, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 12, 4, 59, TimeSpan.Zero),
        new DateTimeOffset(2026, 12, 7, 12, 5, 1, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 14, 0, 0, TimeSpan.FromHours(3)),
        DateTimeOffset.MaxValue, DateTimeOffset.MinValue,
    ];

    private static readonly Guid[] Ids = [Guid.Empty, Guid.Parse("0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b")];

    public static TheoryData<string> QuestionNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in Validators.Keys.OrderBy(t => t.Name, StringComparer.Ordinal)) data.Add(type.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(QuestionNames))]
    public async Task Each_question_is_refused_as_its_field_rules_refused_it(string questionName)
    {
        EnsureContractNames();
        var type = Validators.Keys.Single(t => t.Name == questionName);
        var (now, before) = (Validators[type].Now(), Validators[type].Before());
        var questions = Questions(type, now).ToList();
        var (refused, fields, mismatches) = (0, new HashSet<string>(), new List<string>());
        foreach (var (question, label) in questions)
        {
            var expected = Run(before, question);
            if (expected.Count > 0) refused++;
            fields.UnionWith(expected.Select(f => f.PropertyName));
            foreach (var (way, actual) in new[] { ("alone", Run(now, question)), ("shared", RunShared(now, question)), ("async", await RunAsync(now, question)) })
                if (FailureDiff.Of(expected, actual) is { } difference) mismatches.Add($"{label} ({way}): {difference}");
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {questions.Count * 3} checks differ; the first:\n{string.Join("\n", mismatches.Take(5))}");
        // Not a vacuous comparison: many questions are refused, some pass, and every field the validator checks is refused somewhere.
        Assert.InRange(refused, questions.Count / 4, questions.Count - 1);
        Assert.Equal(Checked[type].Order(StringComparer.Ordinal), fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_question_validator_has_no_fluent_validation_rule()
    {
        // A rule made an expression tree and compiled it, and FluentValidation's rule, builder and component, when the validator
        // was made: on a cold question ~5 ms of CPU (docs/performance.md, rounds 62 and 64). A rule added fails here.
        EnsureContractNames();
        foreach (var (type, (now, _)) in Validators)
        {
            var validator = now();
            Assert.IsType(typeof(OneRuleValidator<>).MakeGenericType(type), validator, exactMatch: false);
            Assert.Empty((IEnumerable<IValidationRule>)validator);
        }
    }

    [Fact]
    public void Every_validator_of_the_application_is_checked_here_or_by_the_commands_oracle()
    {
        // A question's validator added later, or one left written with FluentValidation's rules, fails here by name.
        var validators = typeof(OneRuleValidator<>).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            .Select(t => (Type: t, Request: t.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)).GetGenericArguments()[0]))
            .Where(v => !v.Type.IsGenericTypeDefinition && !typeof(RecordCommand).IsAssignableFrom(v.Request))
            .Select(v => v.Request.Name).Order(StringComparer.Ordinal);
        // The batch's is compared in BatchRulesOracleTests.
        Assert.Equal(Validators.Keys.Select(t => t.Name).Append(nameof(Commands.Batch.RecordBatch)).Order(StringComparer.Ordinal), validators);
    }

    [Fact]
    public void A_null_question_is_refused_by_fluent_validation_as_before()
    {
        var (now, before) = (new GetRelationshipStateValidator(Ledger), new OldStateQuestionValidator<GetRelationshipState>(Ledger));
        var expected = Assert.Throws<InvalidOperationException>(() => before.Validate(new ValidationContext<GetRelationshipState>(null!)));
        var actual = Assert.Throws<InvalidOperationException>(() => now.Validate(new ValidationContext<GetRelationshipState>(null!)));
        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public void Validate_and_throw_throws_the_same_failures()
    {
        EnsureContractNames();
        var question = new GetRelationshipState("RU", "RU", "2024-02-30", Moments[3]);
        var expected = Assert.Throws<ValidationException>(() => new OldStateQuestionValidator<GetRelationshipState>(Ledger).ValidateAndThrow(question));
        var actual = Assert.Throws<ValidationException>(() => new GetRelationshipStateValidator(Ledger).ValidateAndThrow(question));
        Assert.Equal(expected.Message, actual.Message);
        Assert.Null(FailureDiff.Of(expected.Errors.ToList(), actual.Errors.ToList()));
    }

    /// <summary>The valid question of a type and every variant of it: each field alone set to each value of its kind, then several at once.</summary>
    private static IEnumerable<(object Question, string Label)> Questions(Type type, IValidator now)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var parameters = constructor.GetParameters();
        var values = ValidArguments(constructor, now);
        object Make(object?[] arguments) => constructor.Invoke(arguments);
        yield return (Make(values), "valid");
        for (var i = 0; i < parameters.Length; i++)
            foreach (var value in Pool(parameters[i].ParameterType))
            {
                var arguments = (object?[])values.Clone();
                arguments[i] = value;
                yield return (Make(arguments), $"{parameters[i].Name}={Show(value)}");
            }
        var rng = new Random(64);
        var varied = Enumerable.Range(0, parameters.Length).Where(i => Pool(parameters[i].ParameterType).Length > 0).ToList();
        for (var n = 0; n < 400; n++)
        {
            var arguments = (object?[])values.Clone();
            foreach (var i in varied)
                if (rng.Next(5) < 2) arguments[i] = Pool(parameters[i].ParameterType)[rng.Next(Pool(parameters[i].ParameterType).Length)];
            // Two texts the same: the parties of a relationship, or a window's ends.
            if (varied.Count > 1 && rng.Next(6) == 0 && parameters[varied[0]].ParameterType == parameters[varied[1]].ParameterType)
                arguments[varied[1]] = arguments[varied[0]];
            yield return (Make(arguments), $"several #{n}: {string.Join(", ", arguments.Select(Show))}");
        }
    }

    /// <summary>The values a field of this type is set to (none for a stream or a progress: not validated).</summary>
    private static object?[] Pool(Type type) =>
        type == typeof(string) ? [.. Texts]
        : type == typeof(DateTimeOffset?) ? [.. Moments.Cast<object?>()]
        : type == typeof(Guid) ? [.. Ids.Cast<object?>()]
        : [];

    /// <summary>For each field, the first value of its pool the validator lets pass there (a stream: an empty one).</summary>
    private static object?[] ValidArguments(System.Reflection.ConstructorInfo constructor, IValidator now)
    {
        var parameters = constructor.GetParameters();
        var values = parameters.Select(p => p.ParameterType == typeof(string) ? (object?)"x" : p.ParameterType == typeof(Stream) ? Stream.Null
            : p.ParameterType == typeof(Guid) ? Ids[1] : null).ToArray();
        string?[] candidates = ["RU", "US", "2024-12-31", "2020", "year", "12-31", "embassy", null];
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].ParameterType != typeof(string)) continue;
            var field = ContractNames.Of(char.ToUpperInvariant(parameters[i].Name![0]) + parameters[i].Name![1..]);
            values[i] = candidates.First(candidate =>
            {
                var arguments = (object?[])values.Clone();
                arguments[i] = candidate;
                return Run(now, constructor.Invoke(arguments)).All(f => f.PropertyName != field);
            });
        }
        return values;
    }

    /// <summary>As the CLI's entry point runs a question's validator (<c>RequestValidation</c>): a context of its own.</summary>
    private static List<ValidationFailure> Run(IValidator validator, object question) => validator.Validate(Context(question)).Errors;

    /// <summary>
    /// As the pipeline's behaviour runs a request's validators: one context, shared, each validator after the first finding in it
    /// what the ones before it left (their failures) — here the validator run twice on it, the second run's failures those after the first's.
    /// </summary>
    private static List<ValidationFailure> RunShared(IValidator validator, object question)
    {
        var context = Context(question);
        var first = validator.Validate(context).Errors.Count;
        return validator.Validate(context).Errors.Skip(first).ToList();
    }

    private static async Task<List<ValidationFailure>> RunAsync(IValidator validator, object question) =>
        (await validator.ValidateAsync(Context(question))).Errors;

    private static IValidationContext Context(object question) =>
        (IValidationContext)Activator.CreateInstance(typeof(ValidationContext<>).MakeGenericType(question.GetType()), question)!;

    private static string Show(object? value) => value switch
    {
        null => "null",
        string { Length: > 24 } s => $"'{s[..12]}…' ({s.Length})",
        string s => $"'{s}'",
        _ => value.ToString()!,
    };

    /// <summary>FluentValidation's global name resolvers set to the contract's names, as every entry point runs with.</summary>
    private static void EnsureContractNames() => new ServiceCollection().AddRelationsLedger(LedgerRequests.Questions);
}
