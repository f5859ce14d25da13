using System.CommandLine;
using System.Reflection;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;
using RelationsLedger.Domain;

namespace RelationsLedger.Cli.Commands;

/// <summary>
/// <c>ledger record &lt;command&gt;</c>: one subcommand per command of the application layer,
/// its options read off the command's fields, so the CLI and the commands cannot drift apart.
/// </summary>
public static class RecordCommands
{
    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "record";

    /// <summary>
    /// <c>record</c> without its subcommands: they are made by <see cref="AddSubcommands"/> when a line names <c>record</c>.
    /// Making them reads the command catalogue (every command described by reflection, ~300 options) — a cold question
    /// paid for it on every run (docs/performance.md, round 33). The root's help lists <c>record</c> by its name and
    /// description alone, so it reads the same either way.
    /// </summary>
    public static Command Build() => new(Name, "Record a change in a relationship: one subcommand per kind of change.");

    /// <summary>
    /// Gives <c>record</c> its subcommands when <paramref name="parse"/> (a line parsed without them) names it: its help,
    /// a subcommand, or a mistake under it. True when it did; the line must then be parsed again.
    /// </summary>
    public static bool AddSubcommandsIfNamed(ParseResult parse, CliOutput io)
    {
        if (parse.CommandResult.Command is not { Name: Name } record) return false;
        AddSubcommands(record, io);
        return true;
    }

    private static void AddSubcommands(Command record, CliOutput io)
    {
        foreach (var entry in CommandCatalogue.All)
            record.Add(BuildOne(entry, io, new CommonOptions()));
    }

    private static Command BuildOne(CommandCatalogue.Entry entry, CliOutput io, CommonOptions common)
    {
        var type = entry.CommandType;
        var command = new Command(entry.Name, entry.Description);
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var nullability = new NullabilityInfoContext();
        var fields = new List<(ParameterInfo Parameter, Option Option)>();
        foreach (var p in constructor.GetParameters())
        {
            Option option = p.ParameterType == typeof(string)
                ? new Option<string>($"--{Names.Kebab(p.Name!)}") { Required = nullability.Create(p).WriteState != NullabilityState.Nullable }
                : new Option<string[]>("--set") { Description = "A corrected field, repeatable: field=value (the field as named in the event's JSON).", Arity = ArgumentArity.ZeroOrMore };
            command.Add(option);
            fields.Add((p, option));
        }
        foreach (var option in common.All) command.Add(option);

        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            var arguments = fields.Select(f => f.Option is Option<string> text ? Composed(parse.GetValue(text)) : (object?)ParseChanges(parse.GetValue((Option<string[]>)f.Option))).ToArray();
            var request = (RecordCommand)constructor.Invoke(arguments);
            request = request with
            {
                CommandId = parse.GetValue(common.CommandId) ?? Guid.NewGuid(),
                EffectiveDate = parse.GetValue(common.EffectiveDate) ?? "",
                RecordedBy = Composed(parse.GetValue(common.RecordedBy)) ?? "",
                Sources = (parse.GetValue(common.Sources) ?? []).Select(s => SourceText.Parse(ComposedText.Of(s))).ToList(),
                CorrelationId = parse.GetValue(common.CorrelationId),
                CausationId = parse.GetValue(common.CausationId),
            };

            // Ctrl+C or SIGTERM stops it only until its append takes the embedded store's write lock (it waits up to 30 s while
            // another process holds it): nothing is written until then, and it ends at once, exit 130, "Cancelled; nothing was
            // recorded." Never after: a cancellation seen after the append's commit said "nothing was recorded" of a recorded
            // event (StopSignals). On KurrentDB an append once sent may be recorded whatever the client does: not cancelled.
            Recorded recorded;
            try
            {
                recorded = await Mediation.SendAsync(parse, io, request, StoreOption.StopsBeforeTheWrite(parse, ct));
            }
            catch (StoreUnavailableException e) when (e.OutcomeUnknown)
            {
                // The store says only that the append may be recorded; the id to retry with is this command's to say — a new one
                // when --command-id was not given, which the user has not seen (before round 57 the store's words said "the same command id").
                throw e.Advising($"Retry with --command-id {request.CommandId}: a repeat is recognised and recorded once.");
            }
            if (parse.GetValue(common.AsJson)) await Json.WriteLineAsync(io.Out, recorded);
            else await io.Out.WriteLineAsync(
                $"{(recorded.AlreadyRecorded ? "Already recorded" : "Recorded")} {recorded.Type} {recorded.EventId} in {recorded.Stream} at revision {recorded.Revision} (global position {recorded.Position}).");
            return ExitCodes.Ok;
        }, writes: true));
        return command;
    }

    private static string? Composed(string? text) => text is null ? null : ComposedText.Of(text);

    private static Dictionary<string, string?>? ParseChanges(string[]? pairs)
    {
        if (pairs is null || pairs.Length == 0) return null;
        var given = new List<(string Field, string Value)>();
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0) throw new CliInputException($"--set '{pair}' is not of the form field=value.", "changes");
            given.Add((pair[..at].Trim(), ComposedText.Of(pair[(at + 1)..])));
        }
        // One value a field, as a JSON body's key given twice is refused: before round 62 the last --set of a field was recorded without a word.
        if (given.GroupBy(g => g.Field, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new CliInputException($"--set {twice.Key}: {QueryRules.GivenMoreThanOnce(twice.Key, [.. twice.Select(g => g.Value)])}", "changes");
        return given.ToDictionary(g => g.Field, g => g.Value.Length == 0 ? null : (string?)g.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// The options every record subcommand has, made for each subcommand: an option added to many commands, or to the
    /// trees of many runs, has a parent list System.CommandLine walks on each add.
    /// </summary>
    private sealed class CommonOptions
    {
        public Option<string?> EffectiveDate { get; } = new("--effective-date", "--on")
        {
            Description = "When the change took effect: YYYY, YYYY-MM or YYYY-MM-DD (for corrections and retractions: default today).",
        };
        public Option<string> RecordedBy { get; } = new("--recorded-by")
        {
            Description = "Who records the fact (default: the current user).",
            DefaultValueFactory = _ => Environment.UserName,
        };
        public Option<string[]> Sources { get; } = new("--source")
        {
            Description = "A source, repeatable: \"publisher=…;title=…[;url=…][;reference=…][;published=YYYY[-MM[-DD]]]\". At least one is required.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        public Option<Guid?> CommandId { get; } = UuidOption.Create("--command-id", "The command's id; retrying with the same id never records twice (default: a new id).");
        public Option<Guid?> CorrelationId { get; } = UuidOption.Create("--correlation-id", "Correlation id of the conversation this command belongs to.");
        public Option<Guid?> CausationId { get; } = UuidOption.Create("--causation-id", "Id of the message that caused this command.");
        public Option<bool> AsJson { get; } = new("--json") { Description = "Print the result as JSON." };

        public IEnumerable<Option> All => [EffectiveDate, RecordedBy, Sources, CommandId, CorrelationId, CausationId, AsJson];
    }
}
