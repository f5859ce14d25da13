using System.CommandLine;
using FluentValidation;
using FluentValidation.Results;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Commands;

/// <summary>
/// <c>ledger record-batch FILE|-</c>: several commands recorded as a whole (<see cref="RecordBatch"/>): all checked
/// first, decided together per relationship, appended together; on any problem nothing is recorded and every
/// problem is named by its line (NDJSON) or index (JSON) and field.
/// </summary>
public static class RecordBatchCommand
{
    /// <summary>From how many commands a batch shows its progress on a terminal.</summary>
    public const int LargeBatch = 100;

    public const string Help = """
        Record several commands as one batch, decided as a whole: the facts of one source, or an on/off pair that
        contradicts the record one fact at a time but not together. FILE (or - for standard input) holds either
          NDJSON, one command per line:   {"command": "impose-designation", "actor": "US", …, "effectiveDate": "2021-01-12", …}
          a JSON array of such commands, or an object whose provenance the commands share unless they give their own:
          {"sources": [{"publisher": …, "title": …}], "recordedBy": "…", "correlationId": "<uuid>", "commands": [ … ]}
        Each command is named as in 'ledger record' and has the fields of the body of POST /commands/<name>.
        Every command is checked before anything is decided; each relationship's commands are placed in its timeline
        together and checked as a whole; then all are appended at once (on the embedded store in one transaction; on
        KurrentDB each relationship's part is atomic on its own, see docs/api.md). On any problem nothing is recorded
        and each one is named by its line or index (commands[3]) and field. Give each command a "commandId" to retry
        safely: a retried batch records nothing twice. Its events share a correlation id (the one given, else the
        first command's id): 'ledger history --correlation-id <id>' finds them. At most 1000 commands and 1 MiB.
        Exit codes: 0 recorded, 2 invalid input, 3 refused (each refused command named), 8 a command id already used
        for other content, 4 the store failed (on KurrentDB possibly after some relationships' parts: retry the batch).
        """;

    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "record-batch";

    /// <summary>The FILE argument, as a program's <c>errors</c> names it.</summary>
    private const string FileField = "file";

    public static Command Build(CliOutput io)
    {
        var file = new Argument<string>("file") { Description = "The batch: a file of NDJSON, a JSON array or a JSON object with \"commands\"; - reads standard input." };
        var json = new Option<bool>("--json") { Description = "Print each recorded event as JSON." };
        var command = new Command(Name, Help) { file, json };
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            var path = parse.GetValue(file)!;
            var bytes = await ReadAsync(io, path, ct);
            var failures = new List<ValidationFailure>();
            // What could be read is validated too, so that every problem is named at once; with any problem nothing is sent.
            var batch = BatchJson.Read(bytes, failures, out var readable) ?? readable ?? throw new ValidationException(failures);

            TerminalProgress? progress = io.ErrorIsTerminal && batch.Items.Count >= LargeBatch ? new(io.Error, $"Recording {batch.Items.Count} commands") : null;
            if (progress is not null) batch = batch with { Progress = p => progress.Report(Describe(p), Fraction(p)) };
            BatchRecorded recorded;
            try
            {
                // Ctrl+C or SIGTERM stops it only until its append takes the embedded store's write lock (it waits up to 30 s
                // while another process holds it), as 'ledger record': nothing is written until then, and it ends at once, exit
                // 130, "Cancelled; nothing was recorded." Never after: a cancellation seen after the commit said "nothing was
                // recorded" of a recorded batch (StopSignals). On KurrentDB a part once sent may be recorded whatever the client
                // does, and a batch may be recorded in parts: not cancelled.
                recorded = await Mediation.SendAsync(parse, io, batch, StoreOption.StopsBeforeTheWrite(parse, ct), failures: failures);
            }
            finally
            {
                progress?.End();
            }

            if (parse.GetValue(json))
            {
                await Json.WriteLineAsync(io.Out, recorded);
                return ExitCodes.Ok;
            }
            var again = recorded.Items.Count - recorded.NewlyRecorded;
            await io.Out.WriteLineAsync($"Recorded {recorded.NewlyRecorded} of {recorded.Items.Count} commands as one batch" +
                $"{(again > 0 ? $" ({again} already recorded)" : "")}, correlation id {recorded.CorrelationId}:");
            foreach (var i in recorded.Items)
                await io.Out.WriteLineAsync(Printable.Text(
                    $"  {i.Item,-12} {(i.AlreadyRecorded ? "already recorded" : "recorded"),-16} {i.Type,-22} {i.EventId} in {i.Stream} at revision {i.Revision} (global position {i.Position})"));
            return ExitCodes.Ok;
        }, writes: true));
        return command;
    }

    /// <summary>
    /// The batch's bytes, read as the import reads its file (<see cref="InputFile"/>) and refused as soon as they are more than
    /// <see cref="BatchLimits.MaxBytes"/>: never more of a FIFO or a device than that is held.
    /// </summary>
    private static async Task<byte[]> ReadAsync(CliOutput io, string path, CancellationToken ct)
    {
        var name = path == "-" ? "standard input" : $"file '{path}'";
        await using var input = path == "-" ? InputFile.Standard(io.Input(), FileField) : await InputFile.OpenAsync(path, name, "a batch file (or - for standard input)", FileField, ct);
        return await InputFile.ReadAllAsync(input, BatchLimits.MaxBytes,
            $"{name}: the batch is larger than {BatchLimits.MaxBytes:N0} bytes, the most a batch may have. Split it.", FileField, ct);
    }

    private static string Describe(BatchProgress p) => p.Stage switch
    {
        "deciding" => $"deciding relationship {p.Done + 1} of {p.Total}",
        "appending" => $"appending to {p.Total} relationships",
        _ => $"recorded {p.Done} of {p.Total} relationships",
    };

    private static double Fraction(BatchProgress p) => p.Stage switch
    {
        "deciding" => 0.8 * p.Done / Math.Max(1, p.Total),
        "appending" => 0.8,
        _ => 0.8 + 0.2 * p.Done / Math.Max(1, p.Total),
    };
}
