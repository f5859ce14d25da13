using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;
using RelationsLedger.Projections.Runner;
using Spectre.Console;

namespace RelationsLedger.Cli.Commands;

/// <summary><c>ledger projections rebuild|status</c>: the read models behind the queries.</summary>
public static class ProjectionsCommand
{
    public sealed record RebuildResult(string Projection, long Events, double Seconds, double EventsPerSecond, string? Position, string Database)
    {
        /// <summary>Where the bulk load's time went, in seconds (<see cref="RebuildPhases"/>); null when no load was made in bulk.</summary>
        public RebuildSeconds? Phases { get; init; }
    }

    /// <summary>
    /// A bulk load's wall and processor seconds: the load and the finish (the indexes), and the load's two stages — the decoder
    /// (reading the log and decoding it) and the projection applying (folding, writing rows) — each at work and waiting for the
    /// other; the stage that waits less sets the pace. <see cref="FoldedAhead"/>: the events the decoder folded too (<see cref="IStreamFold"/>).
    /// </summary>
    public sealed record RebuildSeconds(double Loading, double LoadingCpu, double Finishing, double FinishingCpu,
        double DecoderBusy, double DecoderCpu, double DecoderWaiting, double ApplyingBusy, double ApplyingCpu, double ApplyingWaiting, long FoldedAhead)
    {
        public static RebuildSeconds Of(RebuildPhases p) => new(S(p.Loading), S(p.LoadingCpu), S(p.Finishing), S(p.FinishingCpu),
            S(p.DecoderBusy), S(p.DecoderCpu), S(p.DecoderWaiting), S(p.ApplyingBusy), S(p.ApplyingCpu), S(p.Waiting), p.FoldedAhead);

        private static double S(TimeSpan t) => Math.Round(t.TotalSeconds, 3);
    }

    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "projections";

    public static Command Build(CliOutput io)
    {
        var projections = new Command(Name, "The persisted read models (projections) that answer the queries: rebuild them, or show where they stand.");
        projections.Add(Rebuild(io));
        projections.Add(Status(io));
        return projections;
    }

    private static Command Rebuild(CliOutput io)
    {
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (no progress bar)." };
        var command = new Command("rebuild", "Drop the read models and apply the whole log again from zero, with progress and events/s.") { json };
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            await using var services = await Services.ForStoreAsync(parse, io, ct, mustExist: true);
            var runner = services.GetRequiredService<ProjectionRunner>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            long events = 0;
            if (parse.GetValue(json)) events = await runner.RebuildAsync(ct: ct);
            else
            {
                await io.Console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask($"Rebuilding '{runner.Projection.Name}'", maxValue: 1.0);
                        events = await runner.RebuildAsync(p =>
                        {
                            task.Value = p.Fraction ?? 0;
                            task.Description = $"Rebuilding '{p.Projection}': {p.EventsThisRun:N0} events, {p.EventsPerSecond:N0} events/s";
                        }, ct);
                        task.Value = 1.0;
                    });
            }
            // The whole run's time and rate: a rebuild's last report is the short catch-up that follows the bulk load.
            var seconds = clock.Elapsed.TotalSeconds;
            var result = new RebuildResult(runner.Projection.Name, events, seconds, seconds > 0 ? events / seconds : 0,
                runner.ReadCheckpoint().Position?.ToString(), runner.Database.Path)
            { Phases = runner.LastRebuild is { } phases ? RebuildSeconds.Of(phases) : null };
            if (parse.GetValue(json)) await Json.WriteLineAsync(io.Out, result);
            else io.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Rebuilt '{result.Projection}' from {result.Events:N0} events in {result.Seconds:N2} s ({result.EventsPerSecond:N0} events/s), up to position {result.Position ?? "start"}, in {result.Database}."));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static readonly string[] StatusColumns = ["Projection", "Position", "Log head", "Events applied", "Behind (lag)", "Updated (UTC)"];

    private static Command Status(CliOutput io)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("status", "Each projection's position in the log, how many events it is behind (lag), and the event it stopped on, if any.") { json };
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            await using var services = await Services.ForStoreAsync(parse, io, ct, mustExist: true);
            var runner = services.GetRequiredService<ProjectionRunner>();
            var status = await runner.StatusAsync(ct) with { DeletedFromLog = await runner.DeletedFromLogAsync(ct) };
            if (parse.GetValue(json))
            {
                await Json.WriteLineAsync(io.Out, new[] { status });
                return ExitCodes.Ok;
            }
            var table = new Table();
            foreach (var column in StatusColumns)
                table.AddColumn(new TableColumn(column).NoWrap());
            table.AddColumn("Stopped on");
            Cells.AddRow(table,
                Markup.Escape($"{status.Projection} v{status.Version}"), status.Position ?? "start", status.Head ?? "empty",
                status.EventsApplied.ToString("N0", CultureInfo.InvariantCulture), status.Behind.ToString("N0", CultureInfo.InvariantCulture),
                status.UpdatedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "never",
                status.Failure is { } f ? Cells.Text($"event {f.EventId} in {f.Stream} at position {f.Position}: {f.Message}") : "");
            io.Console.Write(new TableOrFields(table));
            io.Console.WriteLine($"Read models: {status.Database}");
            io.Console.WriteLine($"Built from ledger: {status.Ledger?.ToString("D") ?? "none yet"}");
            if (status.Diverged is { } why) io.Console.WriteLine($"Not of this log: {Printable.Text(why)}. It is made again from the log at the next query or catch-up.");
            if (status.PassedOver > 0)
                io.Console.WriteLine($"Passed over: {status.PassedOver:N0} event(s) that are not the ledger's (another client of the store wrote them, or they " +
                    "were changed since). Their relationships' questions are refused; 'ledger verify' names each one.");
            if (status.NotWhole > 0)
                io.Console.WriteLine($"Not whole in the log: {status.NotWhole:N0} relationship(s) whose first events the store no longer holds (a KurrentDB " +
                    "scavenge after another client deleted or truncated their streams). Their questions are refused; 'ledger verify' names each one.");
            if (status.DeletedFromLog.Count > 0)
                io.Console.WriteLine(Printable.Text($"Deleted from the store: events were deleted from the store file, whose log shows positions that hold " +
                    $"no event ({string.Join("; ", status.DeletedFromLog)}). The read model holds those it applied before they were deleted, and " +
                    "answers from one made again leave them out; 'ledger verify' names them."));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
