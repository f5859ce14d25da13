using System.Reflection;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Pipeline;
using RelationsLedger.Application.Tests.Validation.AsWrittenBefore;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// Every command's validators written as one rule over the command (<see cref="OneRule{T}"/>, docs/performance.md round 63)
/// refuse exactly what the validators as written before refused (<c>AsWrittenBefore</c>: FluentValidation's rule per field,
/// kept as the oracle): the same failures in the same order — field, message, error code, attempted value, severity, custom
/// state and the message's placeholders — on thousands of commands of every type: valid, each field bad alone, several bad at
/// once, values holding the messages' placeholders, nulls, empties, overlong and odd Unicode, bad provenance and sources;
/// checked as new and as recorded, with and without a memo of sources that passed.
/// </summary>
public sealed class CommandRulesOracleTests
{
    private static readonly ManualClock Clock = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Text that each rule refuses, alone and together, and text that holds the templates' placeholders.</summary>
    internal static readonly string?[] Hostile =
    [
        null, "", " ", "\t", "RU", "US", "ru", "R U", "x", "taliban", "ambassador", "positive", "de-jure",
        "{PropertyName}", "{PropertyValue}", "{PropertyPath}", "{ComparisonProperty}", "{ComparisonValue}", "{TotalLength}", "{MaxLength}",
        "{MinLength}", "{CollectionIndex}", "{LeftBrace}", "{0}", "{PropertyValue:N2}", "a{b", "}{", "{{PropertyName}}",
        "a\u0007b", "RU\u202E", "F\u200BTO", "\uFEFFx", "x\U000E0041", "a\ud800b", "\udc00", "x\u200Ey", "\u00AD", "ΑΒ", "علي\u200Cرضا",
        "🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", "a\u2066b\u2069", "\u0085", "\x7F",
        new string('A', 200), new string('A', 201), new string('A', 2000), new string('A', 2001), new string('A', 2001) + "\u0007",
        new string('A', 201) + "\u200B", "2024-01-01", "2003", "2999", "2024-02-30", "17/04/2025",
        "https://example.org/x", "http://example.org", "ftp://example.org", "example.org", "https://{PropertyName}",
        "5f1c1c52-7a3e-4c1e-9a69-1f0d3c2b4a10", "5F1C1C52-7A3E-4C1E-9A69-1F0D3C2B4A10", "00000000-0000-0000-0000-000000000000", "{5f1c1c52-7a3e-4c1e-9a69-1f0d3c2b4a10}",
    ];

    private static readonly string?[] Dates = [null, "", "2003-02-14", "2003", "2003-02", "2026-12-07", "2026-12-08", "2027", "2026-13", "2024-02-30", "17/04/2025", "{PropertyName}", "2024-1{", " 2003 ", "abc"];

    private static readonly SourceInput Good = new("U.S. Department of State", "Chiefs of Mission", "https://history.state.gov/x", null, "2024");

    public static TheoryData<string> CommandNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in CommandTypes.All.OrderBy(t => t.Name, StringComparer.Ordinal)) data.Add(type.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Each_command_is_refused_as_its_field_rules_refused_it(string commandName)
    {
        EnsureContractNames();
        var type = CommandTypes.All.Single(t => t.Name == commandName);
        var (now, before) = (Validators(type, asBefore: false), Validators(type, asBefore: true));
        var commands = Commands(type, now).ToList();
        var (refused, failures, mismatches) = (0, 0, new List<string>());
        var codes = new HashSet<string?>();
        foreach (var (command, label) in commands)
            foreach (var asRecorded in new[] { false, true })
                foreach (var vouched in new[] { false, true })
                {
                    var expected = Run(before, command, asRecorded, vouched);
                    var actual = Run(now, command, asRecorded, vouched);
                    if (expected.Count > 0) refused++;
                    failures += expected.Count;
                    codes.UnionWith(expected.Select(f => f.ErrorCode));
                    if (FailureDiff.Of(expected, actual) is { } difference)
                        mismatches.Add($"{label} (as recorded: {asRecorded}, vouched: {vouched}): {difference}");
                }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {commands.Count * 4} checks differ; the first:\n{string.Join("\n", mismatches.Take(5))}");
        // Not a vacuous comparison: most commands are refused, some pass, and every kind of failure is met.
        Assert.InRange(refused, commands.Count, commands.Count * 4 - 4);
        Assert.True(failures > commands.Count * 4, $"{failures} failures in {commands.Count * 4} checks");
        Assert.Superset(new HashSet<string?> { null, "NotEmptyValidator", "MaximumLengthValidator", "PredicateValidator", "NotEqualValidator" }, codes);
    }

    [Fact]
    public void Every_command_validator_has_no_fluent_validation_rule()
    {
        // A rule per field cost every command FluentValidation's machinery per rule (rounds 50, 58), and a rule over the whole
        // command an expression tree and its compile each validator made (round 64): a rule added fails here.
        EnsureContractNames();
        foreach (var type in CommandTypes.All)
            foreach (var validator in Validators(type, asBefore: false))
            {
                Assert.IsType(typeof(OneRuleValidator<>).MakeGenericType(type), validator, exactMatch: false);
                Assert.Empty((IEnumerable<IValidationRule>)validator);
            }
    }

    /// <summary>The base command of a type (every field valid) and every variant of it.</summary>
    internal static IEnumerable<(RecordCommand Command, string Label)> Commands(Type type, IReadOnlyList<IValidator> now)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var parameters = constructor.GetParameters();
        var values = ValidArguments(type, constructor, now);
        RecordCommand Make(object?[] arguments) => (RecordCommand)constructor.Invoke(arguments) with
        {
            CommandId = Guid.Parse("0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b"), EffectiveDate = "2003-02-14", RecordedBy = "analyst@example.org", Sources = [Good],
        };
        var baseCommand = Make(values);
        yield return (baseCommand, "valid");
        var texts = parameters.Select((p, i) => (p, i)).Where(x => x.p.ParameterType == typeof(string)).ToList();
        // Each field bad alone.
        foreach (var (p, i) in texts)
            foreach (var value in Hostile)
            {
                var arguments = (object?[])values.Clone();
                arguments[i] = value;
                yield return (Make(arguments), $"{p.Name}={Show(value)}");
            }
        // Several at once, and the two parties the same.
        var rng = new Random(63);
        for (var n = 0; n < 300; n++)
        {
            var arguments = (object?[])values.Clone();
            foreach (var (_, i) in texts)
                if (rng.Next(5) < 2) arguments[i] = Hostile[rng.Next(Hostile.Length)];
            if (rng.Next(6) == 0) arguments[texts[1].i] = arguments[texts[0].i];
            yield return (Make(arguments) with { EffectiveDate = rng.Next(4) == 0 ? Dates[rng.Next(Dates.Length)]! : "2003-02-14" }, $"several #{n}: {string.Join(", ", arguments.Select(a => Show(a as string)))}");
        }
        // A correction's changes and its corrected date.
        if (type == typeof(CorrectEntry))
            foreach (var date in Dates)
                foreach (IReadOnlyDictionary<string, string?>? changes in new[] { null, new Dictionary<string, string?>(), new Dictionary<string, string?> { ["title"] = "x" } })
                    yield return ((CorrectEntry)baseCommand with { CorrectedEffectiveDate = date, Changes = changes }, $"corrected date {Show(date)}, changes {changes?.Count}");
        // What every command shares: its id, dates, recorder, key's name and sources.
        yield return (baseCommand with { CommandId = Guid.Empty }, "empty id");
        foreach (var date in Dates) yield return (baseCommand with { EffectiveDate = date! }, $"effectiveDate={Show(date)}");
        foreach (var value in Hostile)
        {
            yield return (baseCommand with { RecordedBy = value! }, $"recordedBy={Show(value)}");
            yield return (baseCommand with { RecordedThrough = value }, $"recordedThrough={Show(value)}");
            yield return (baseCommand with { Sources = [Good with { Publisher = value }] }, $"publisher={Show(value)}");
            yield return (baseCommand with { Sources = [Good, Good with { Title = value }] }, $"title={Show(value)}");
            yield return (baseCommand with { Sources = [Good with { Url = value }] }, $"url={Show(value)}");
            yield return (baseCommand with { Sources = [Good with { Reference = value }, Good] }, $"reference={Show(value)}");
            yield return (baseCommand with { Sources = [Good with { PublishedOn = value }] }, $"publishedOn={Show(value)}");
            yield return (baseCommand with { Sources = [null!, new SourceInput(value, value, value, value, value)] }, $"a null source, then all={Show(value)}");
        }
        foreach (var date in Dates) yield return (baseCommand with { Sources = [Good with { PublishedOn = date }] }, $"publishedOn={Show(date)}");
        yield return (baseCommand with { Sources = [] }, "no source");
        yield return (baseCommand with { Sources = Enumerable.Repeat(Good, 20).ToList() }, "20 sources");
        yield return (baseCommand with { Sources = Enumerable.Range(0, 21).Select(i => Good with { Title = i % 2 == 0 ? "" : "t" }).ToList() }, "21 sources, some bad");
        for (var n = 0; n < 200; n++)
        {
            var sources = Enumerable.Range(0, rng.Next(4)).Select(_ => rng.Next(3) == 0 ? Good : new SourceInput(Pick(rng), Pick(rng), Pick(rng), Pick(rng), rng.Next(2) == 0 ? Dates[rng.Next(Dates.Length)] : Pick(rng))).ToList();
            yield return (baseCommand with { Sources = sources, RecordedBy = rng.Next(3) == 0 ? Pick(rng)! : "me", RecordedThrough = rng.Next(3) == 0 ? Pick(rng) : null, EffectiveDate = Dates[rng.Next(Dates.Length)]! },
                $"provenance #{n}");
        }
    }

    private static string? Pick(Random rng) => Hostile[rng.Next(Hostile.Length)];

    /// <summary>The parties first ("RU", "US"), then for each other text the first candidate its field's rule lets pass.</summary>
    private static object?[] ValidArguments(Type type, ConstructorInfo constructor, IReadOnlyList<IValidator> now)
    {
        var parameters = constructor.GetParameters();
        var values = parameters.Select(p => p.ParameterType == typeof(string) ? (object?)"x" : null).ToArray();
        var parties = new Queue<string>(["RU", "US"]);
        string?[] candidates = ["Federal list", "5f1c1c52-7a3e-4c1e-9a69-1f0d3c2b4a10", .. EnumNames(), "GB", null];
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].ParameterType != typeof(string)) continue;
            if (parties.Count > 0) { values[i] = parties.Dequeue(); continue; }
            var field = ContractNames.Of(char.ToUpperInvariant(parameters[i].Name![0]) + parameters[i].Name![1..]);
            values[i] = candidates.First(candidate =>
            {
                var arguments = (object?[])values.Clone();
                arguments[i] = candidate;
                var command = (RecordCommand)constructor.Invoke(arguments);
                return Run(now, command, asRecorded: false, vouched: false).All(f => f.PropertyName != field);
            });
        }
        return values;
    }

    private static IEnumerable<string> EnumNames() =>
        typeof(Domain.Aspects.MissionLevel).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic)
            .SelectMany(t => (IEnumerable<string>)typeof(Domain.Names).GetMethod(nameof(Domain.Names.All))!.MakeGenericMethod(t).Invoke(null, null)!);

    /// <summary>As <see cref="CommandValidators"/> runs a type's validators: one context, the shared rules first.</summary>
    private static List<ValidationFailure> Run(IReadOnlyList<IValidator> validators, RecordCommand command, bool asRecorded, bool vouched)
    {
        var context = (IValidationContext)Activator.CreateInstance(typeof(ValidationContext<>).MakeGenericType(command.GetType()), command)!;
        if (asRecorded) context.RootContextData[FieldRules.AsRecorded] = true;
        if (vouched)
        {
            var memo = new VouchedSources();
            memo.Vouch([Good], asRecorded, FieldRules.LatestDayBegun(Clock));
            context.RootContextData[VouchedSources.Key] = memo;
        }
        List<ValidationFailure> failures = [];
        foreach (var validator in validators) failures = validator.Validate(context).Errors;
        return failures;
    }

    private static IReadOnlyList<IValidator> Validators(Type commandType, bool asBefore)
    {
        var shared = (asBefore ? typeof(OldRecordCommandValidator<>) : typeof(RecordCommandValidator<>)).MakeGenericType(commandType);
        var ownName = asBefore ? $"Old{commandType.Name}Validator" : $"{commandType.Name}Validator";
        var own = (asBefore ? typeof(OldRecordCommandValidator<>).Assembly : commandType.Assembly).GetTypes()
            .Single(t => t.Name == ownName && (asBefore ? t.Namespace == typeof(OldRecordCommandValidator<>).Namespace : true));
        return [Make(shared), Make(own)];
        static IValidator Make(Type t) => (IValidator)(t.GetConstructors().Single().GetParameters() is [] ? Activator.CreateInstance(t)! : Activator.CreateInstance(t, Clock)!);
    }

    private static string Show(string? value) => value is null ? "null" : value.Length > 24 ? $"'{value[..12]}…' ({value.Length})" : $"'{value}'";

    /// <summary>FluentValidation's global name resolvers set to the contract's names, as every entry point runs with.</summary>
    private static void EnsureContractNames() => new ServiceCollection().AddRelationsLedger(LedgerRequests.Questions);
}
