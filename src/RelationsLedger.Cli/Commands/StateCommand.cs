using System.CommandLine;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Commands;

/// <summary><c>ledger state A B --as-of D [--known-at T] [--json]</c>.</summary>
public static class StateCommand
{
    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "state";

    public static Command Build(CliOutput io)
    {
        var a = new Argument<string>("party-a") { Description = "One party (ISO code, e.g. RU, or slug, e.g. taliban)." };
        var b = new Argument<string>("party-b") { Description = "The other party." };
        var asOf = new Option<string>("--as-of")
        {
            Description = "The day to answer for, YYYY-MM-DD (default: today, UTC).",
            DefaultValueFactory = _ => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        var knownAt = new KnownAtOption(KnownAtOption.AnswerAsKnown);
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command(Name, "The state of a relationship as of a day (effective time), optionally as known at a moment (recorded time).") { a, b, asOf, knownAt.Option, json };
        command.SetQueryAction(io, json,
            (parse, failures) => new GetRelationshipState(parse.GetValue(a)!, parse.GetValue(b)!, parse.GetValue(asOf)!, knownAt.Read(parse, failures)),
            (output, answer) => StateTable.Write(output.Console, answer));
        return command;
    }
}
