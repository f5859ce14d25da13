using System.CommandLine;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;
using Spectre.Console;

namespace RelationsLedger.Cli.Audit;

/// <summary><c>ledger export [--relationship A B] [--from T] [--to T] [--output FILE] [--json]</c>: NDJSON in global order.</summary>
public static class ExportCommand
{
    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "export";

    public static Command Build(CliOutput io)
    {
        var relationship = new Option<string[]>("--relationship") { Description = "Only the relationship of these two parties, e.g. --relationship RU taliban.", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
        var from = MomentOption.Create("--from", "Only events recorded at or after this moment (ISO 8601, e.g. 2025-04-17T12:00:00Z; without an offset, UTC).");
        var to = MomentOption.Create("--to", "Only events recorded before this moment (ISO 8601; without an offset, UTC).");
        var output = new Option<string?>("--output", "-o") { Description = "The file to write; - or none: standard output." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var command = new Command(Name, "Write events as NDJSON in global order — every envelope field and hash (docs/audit.md): the whole ledger, one relationship, or a recorded-time window.")
            { relationship, from, to, output, json };
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            var pair = parse.GetValue(relationship) is { Length: 2 } given ? given : null;
            var path = OutputFile.PathOf(parse.GetValue(output));
            if (path is not null) OutputFile.RefuseLedgerFile(path, StoreOption.Location(parse), "the export");
            await using var services = await Services.ForStoreAsync(parse, io, ct, mustExist: true);
            using var scope = services.CreateScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            ExportResult result;
            if (path is null)
            {
                // Whole or failed: a pipe whose reader stops early is an error, not "Exported N event(s)".
                await using var target = io.WholeOutput();
                // What was written cannot be taken back, and it stops at the end of a line: a reader (an import at the pipe's
                // other end) takes it for a whole export of fewer events. Only "Cancelled." was said.
                result = await OutputCancelledException.SaidOfStandardOutputAsync(
                    () => mediator.Send(new ExportEvents(target, pair?[0], pair?[1], parse.GetValue(from), parse.GetValue(to)), ct),
                    "It ends with an event's line, without the export's end line, so its import and 'verify --file' warn that it may be cut short; " +
                    "export with -o FILE, which takes FILE's place only whole.", ct);
            }
            else
            {
                await using var file = await OutputFile.CreateAsync(path, "the export", ct);
                result = await WithProgress(io, parse.GetValue(json), progress =>
                    mediator.Send(new ExportEvents(file.Stream, pair?[0], pair?[1], parse.GetValue(from), parse.GetValue(to), progress), ct));
                await file.CompleteAsync(ct);
            }
            var summary = parse.GetValue(json) ? Json.Write(result)
                : $"Exported {result.Events} event(s) of {result.Streams} stream(s) (positions {result.FirstPosition ?? "-"}…{result.LastPosition ?? "-"}){(path is null ? "" : $" to {Path.GetFullPath(path)}")}.";
            await (path is null ? io.Error : io.Out).WriteLineAsync(summary);
            if (!parse.GetValue(json)) await WarnOfHiddenAsync(io, result.Hidden);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>What the file lacks of the ledger's record, said when it is written: hidden streams, and events deleted from the log.</summary>
    private static async Task WarnOfHiddenAsync(CliOutput io, IReadOnlyList<string> hidden)
    {
        var deleted = hidden.Where(h => h.StartsWith(HiddenStream.GlobalLog + ":", StringComparison.Ordinal)).ToList();
        var streams = hidden.Except(deleted).ToList();
        if (streams.Count > 0)
            await io.Error.WriteLineAsync($"Warning: the store hides {streams.Count} of the file's relationship stream(s) from their readers " +
                "('ledger verify' names them too): the file holds what the global log still holds of them, and a stream whose first " +
                "revisions the server has scavenged cannot be imported from it.\n  " + string.Join("\n  ", streams));
        if (deleted.Count > 0)
            await io.Error.WriteLineAsync("Warning: events were deleted from the store file ('ledger verify' names them too): the file holds what " +
                "is left, and a ledger imported from it would no longer show that anything is missing.\n  " + string.Join("\n  ", deleted));
    }

    /// <summary>A live count while exporting to a file on an interactive terminal; otherwise nothing, so machine output stays clean.</summary>
    private static async Task<ExportResult> WithProgress(CliOutput io, bool json, Func<IProgress<long>?, Task<ExportResult>> run)
    {
        if (json || !io.Console.Profile.Capabilities.Interactive) return await run(null);
        ExportResult? result = null;
        await io.Console.Progress().StartAsync(async context =>
        {
            var task = context.AddTask("Exporting events").IsIndeterminate();
            result = await run(new Progress<long>(n => task.Description = $"Exporting events: {n:N0} written"));
            task.IsIndeterminate(false).Value = task.MaxValue;
        });
        return result!;
    }
}
