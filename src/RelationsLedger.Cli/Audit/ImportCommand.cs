using System.CommandLine;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;
using Spectre.Console;

namespace RelationsLedger.Cli.Audit;

/// <summary><c>ledger import FILE [--json]</c>: all of the file, checked like commands, or nothing.</summary>
public static class ImportCommand
{
    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "import";

    public static Command Build(CliOutput io)
    {
        var file = new Argument<string>("file") { Description = "An NDJSON export (docs/audit.md); '-' reads standard input." };
        var json = new Option<bool>("--json") { Description = "Print the result (or the problems) as JSON." };
        var command = new Command(Name, "Record the events of an NDJSON export through the same validation and decisions as the commands. The whole file is checked first; a bad line is named and nothing is written. Events already recorded are skipped.")
            { file, json };
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            var path = parse.GetValue(file)!;
            var asJson = parse.GetValue(json);
            var batchSize = BatchSizeForTests();
            await using var input = await OpenInputAsync(io, path, ct);
            await using var services = await Services.ForStoreAsync(parse, io, ct);
            using var scope = services.CreateScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            long? length = input.CanSeek ? input.Length : null;
            try
            {
                var result = await WithProgress(io, asJson, progress => mediator.Send(new ImportEvents(input, length, progress) { BatchSize = batchSize }, ct));
                await io.Out.WriteLineAsync(asJson ? Json.Write(result)
                    : $"Imported {result.Imported} event(s) into {result.Streams} stream(s); {result.AlreadyPresent} were already recorded; {result.Lines} line(s) read.");
                // A file cut at a line's end imports whole: said, since nothing else tells (--json: "endLine": false).
                if (!result.EndLine && !asJson) await io.Error.WriteLineAsync($"Warning: {ExportEnd.Absent}.");
                return ExitCodes.Ok;
            }
            catch (ImportRejectedException rejected)
            {
                // The problems quote the file's own text: bounded, and shown printable rather than obeyed by the terminal.
                var errors = rejected.Errors.Select(e => e with { Field = EchoedText.Bounded(e.Field), Message = EchoedText.Bounded(e.Message) }).ToList();
                if (asJson) await Json.WriteLineAsync(io.Out, new { imported = 0, errors });
                await io.Error.WriteLineAsync(rejected.Message);
                foreach (var error in errors) await io.Error.WriteLineAsync($"  {Printable.Text(error.ToString())}");
                return ExitCodes.Invalid;
            }
            catch (ImportInterruptedException interrupted)
            {
                await io.Error.WriteLineAsync(Printable.Text(interrupted.Message));
                return interrupted.Stop == ImportStop.StoreFailed ? ExitCodes.StoreUnavailable : ExitCodes.Refused;
            }
        }, writes: true));
        return command;
    }

    /// <summary>
    /// The import's batch size: <see cref="ImportEventsHandler.BatchSize"/>, or what a test gives the process through
    /// <see cref="ImportEvents.BatchSizeVariable"/> (tests stop imports of a few thousand events between two batches); refused, before
    /// anything is read, when that is set and is not a whole number of events.
    /// </summary>
    private static int BatchSizeForTests() =>
        Environment.GetEnvironmentVariable(ImportEvents.BatchSizeVariable) is not { Length: > 0 } given ? ImportEventsHandler.BatchSize
        : int.TryParse(given, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) && size > 0 ? size
        : throw new CliInputException($"{ImportEvents.BatchSizeVariable} is '{given}': it must be a whole number of events, 1 or more (it is set for tests; unset, an import appends {ImportEventsHandler.BatchSize.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} events a transaction).", ImportEvents.BatchSizeVariable);

    private static async Task<Stream> OpenInputAsync(CliOutput io, string path, CancellationToken ct) =>
        path == "-" ? InputFile.Standard(io.Input(), "file") : await InputFile.OpenAsync(path, $"file '{path}'", "an export file (or - for standard input)", "file", ct);

    /// <summary>A progress bar on an interactive terminal: the store's log read (KurrentDB only), bytes checked, then events appended.</summary>
    private static async Task<ImportResult> WithProgress(CliOutput io, bool json, Func<IProgress<ImportProgress>?, Task<ImportResult>> run)
    {
        if (json || !io.Console.Profile.Capabilities.Interactive) return await run(null);
        ImportResult? result = null;
        await io.Console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask? readingLog = null; // shown only by a store whose log is read first
                var checking = context.AddTask("Checking the file");
                var appending = context.AddTask("Appending events", autoStart: false);
                result = await run(new Progress<ImportProgress>(p =>
                {
                    var task = p.Phase switch
                    {
                        ImportPhase.ReadingLog => readingLog ??= context.AddTaskBefore("Reading the ledger's event ids", checking),
                        ImportPhase.Checking => checking,
                        _ => appending,
                    };
                    if (p.Phase == ImportPhase.Appending && !task.IsStarted) { checking.Value = checking.MaxValue; task.StartTask(); }
                    if (p.Total is { } total) task.IsIndeterminate(false).MaxValue = Math.Max(1, total);
                    else task.IsIndeterminate();
                    // Never back: appends of several relationships end at once, and Progress<T> posts each report to the thread pool,
                    // so a report of fewer events done can come after one of more.
                    task.Value = Math.Max(task.Value, p.Done);
                }));
                readingLog?.Value(readingLog.MaxValue);
                checking.Value = checking.MaxValue;
                appending.Value = appending.MaxValue;
            });
        return result!;
    }
}
