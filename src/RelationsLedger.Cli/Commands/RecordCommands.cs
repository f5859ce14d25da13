using System.CommandLine;
using System.Reflection;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;
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
    private static readonly Option<string?> EffectiveDate = new("--effective-date", "--on")
    {
        Description = "When the change took effect: YYYY, YYYY-MM or YYYY-MM-DD (for corrections and retractions: default today).",
    };
    private static readonly Option<string> RecordedBy = new("--recorded-by")
    {
        Description = "Who records the fact (default: the current user).",
        DefaultValueFactory = _ => Environment.UserName,
    };
    private static readonly Option<string[]> Sources = new("--source")
    {
        Description = "A source, repeatable: \"publisher=…;title=…[;url=…][;reference=…][;published=YYYY[-MM[-DD]]]\". At least one is required.",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private static readonly Option<Guid?> CommandId = UuidOption.Create("--command-id", "The command's id; retrying with the same id never records twice (default: a new id).");
    private static readonly Option<Guid?> CorrelationId = UuidOption.Create("--correlation-id", "Correlation id of the conversation this command belongs to.");
    private static readonly Option<Guid?> CausationId = UuidOption.Create("--causation-id", "Id of the message that caused this command.");
    private static readonly Option<bool> AsJson = new("--json") { Description = "Print the result as JSON." };

    public static Command Build(CliOutput io)
    {
        var record = new Command("record", "Record a change in a relationship: one subcommand per kind of change.");
        foreach (var entry in CommandCatalogue.All)
            record.Add(BuildOne(entry, io));
        return record;
    }

    private static Command BuildOne(CommandCatalogue.Entry entry, CliOutput io)
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
        foreach (var common in new Option[] { EffectiveDate, RecordedBy, Sources, CommandId, CorrelationId, CausationId, AsJson })
            command.Add(common);

        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            var arguments = fields.Select(f => f.Option is Option<string> text ? Composed(parse.GetValue(text)) : (object?)ParseChanges(parse.GetValue((Option<string[]>)f.Option))).ToArray();
            var request = (RecordCommand)constructor.Invoke(arguments);
            request = request with
            {
                CommandId = parse.GetValue(CommandId) ?? Guid.NewGuid(),
                EffectiveDate = parse.GetValue(EffectiveDate) ?? "",
                RecordedBy = Composed(parse.GetValue(RecordedBy)) ?? "",
                Sources = (parse.GetValue(Sources) ?? []).Select(s => SourceText.Parse(ComposedText.Of(s))).ToList(),
                CorrelationId = parse.GetValue(CorrelationId),
                CausationId = parse.GetValue(CausationId),
            };

            var recorded = await Mediation.SendAsync(parse, io, request, ct);
            if (parse.GetValue(AsJson)) await Json.WriteLineAsync(io.Out, recorded);
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
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0) throw new CliInputException($"--set '{pair}' is not of the form field=value.");
            var value = ComposedText.Of(pair[(at + 1)..]);
            changes[pair[..at].Trim()] = value.Length == 0 ? null : value;
        }
        return changes;
    }
}
