using System.CommandLine;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Commands;

/// <summary><c>ledger history A B [--json]</c>: every recorded event with both times, recorder and sources.</summary>
public static class HistoryCommand
{
    public static Command Build(CliOutput io)
    {
        var a = new Argument<string>("party-a") { Description = "One party." };
        var b = new Argument<string>("party-b") { Description = "The other party." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("history", "Every event recorded for a relationship, in recording order, with its provenance and mends.") { a, b, json };
        command.SetQueryAction(io, json, (parse, _) => new GetHistory(parse.GetValue(a)!, parse.GetValue(b)!), HistoryTable.Write);
        return command;
    }
}
