using System.CommandLine;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Cli.Commands;

/// <summary>
/// Questions across all relationships, answered from the read models:
/// <c>designations-by X</c>, <c>designations-of Y</c>, <c>missions-of X --at-least L</c>, <c>changed --from D1 --to D2</c>.
/// </summary>
public static class AcrossCommands
{
    private static Option<string> AsOf() => new("--as-of")
    {
        Description = "The day to answer for, YYYY-MM-DD (default: today, UTC).",
        DefaultValueFactory = _ => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static KnownAtOption KnownAt() => new(KnownAtOption.AnswerAsKnown);

    private static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table." };

    private const string DesignationsBy = "designations-by";
    private const string DesignationsOf = "designations-of";
    private const string MissionsOf = "missions-of";
    private const string ChangedName = "changed";

    /// <summary>Each command by the word that names it on a line, and how it is made (<c>LedgerApp</c> makes only the one a line names).</summary>
    public static readonly (string Name, Func<CliOutput, Command> Build)[] All =
    [
        (DesignationsBy, io => Designations(io, DesignationsBy, "Which parties a party designates (on any list) as of a day.", (p, d, k) => new GetDesignationsBy(p, d, k))),
        (DesignationsOf, io => Designations(io, DesignationsOf, "Who designates a party (on any list) as of a day.", (p, d, k) => new GetDesignationsOf(p, d, k))),
        (MissionsOf, Missions),
        (ChangedName, Changed),
    ];

    private static Command Designations(CliOutput io, string name, string description, Func<string, string, DateTimeOffset?, MediatR.IRequest<AcrossView<Domain.Aspects.Designation>>> request)
    {
        var party = new Argument<string>("party") { Description = "The party (ISO code, e.g. RU, or slug, e.g. taliban)." };
        var (asOf, knownAt, json) = (AsOf(), KnownAt(), Json());
        var command = new Command(name, description) { party, asOf, knownAt.Option, json };
        command.SetQueryAction(io, json, (parse, failures) => request(parse.GetValue(party)!, parse.GetValue(asOf)!, knownAt.Read(parse, failures)),
            (output, question, answer) => AcrossTables.Designations(output.Console, question is GetDesignationsBy by ? by.Party : ((GetDesignationsOf)question).Party, answer));
        return command;
    }

    private static Command Missions(CliOutput io)
    {
        var party = new Argument<string>("party") { Description = "The sending party, e.g. US." };
        var atLeast = new Option<string>("--at-least")
        {
            Description = $"The least level that counts, one of (greatest first): {string.Join(", ", Names.All<MissionLevel>())} (default: any level).",
            DefaultValueFactory = _ => Names.Of(MissionLevel.InterestsSection),
        };
        var (asOf, knownAt, json) = (AsOf(), KnownAt(), Json());
        var command = new Command(MissionsOf, "Where a party has a mission of at least a level as of a day.") { party, atLeast, asOf, knownAt.Option, json };
        command.SetQueryAction(io, json,
            (parse, failures) => new GetMissionsAtLeast(parse.GetValue(party)!, parse.GetValue(atLeast)!, parse.GetValue(asOf)!, knownAt.Read(parse, failures)),
            (output, question, answer) => AcrossTables.Missions(output.Console, ((GetMissionsAtLeast)question).Party, answer));
        return command;
    }

    private static Command Changed(CliOutput io)
    {
        var from = new Option<string>("--from") { Description = "First day of the window, YYYY-MM-DD.", Required = true };
        var to = new Option<string>("--to") { Description = "Last day of the window, YYYY-MM-DD (inclusive).", Required = true };
        var (knownAt, json) = (KnownAt(), Json());
        var command = new Command(ChangedName, "Every relationship with a fact that took effect between two days, and those facts.") { from, to, knownAt.Option, json };
        command.SetQueryAction(io, json, (parse, failures) => new GetChangedRelationships(parse.GetValue(from)!, parse.GetValue(to)!, knownAt.Read(parse, failures)),
            (output, answer) => AcrossTables.Changes(output.Console, answer));
        return command;
    }
}
