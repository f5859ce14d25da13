using System.CommandLine;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
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
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            await using var services = await Services.ForStoreAsync(parse.GetValue(StoreOption.Option)!, ct, mustExist: true);
            using var scope = services.CreateScope();
            var entries = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetHistory(parse.GetValue(a)!, parse.GetValue(b)!), ct);
            if (parse.GetValue(json)) await io.Out.WriteLineAsync(Json.Write(entries));
            else HistoryTable.Write(io.Console, entries);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
