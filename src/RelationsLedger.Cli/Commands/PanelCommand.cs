using System.CommandLine;
using System.Diagnostics;
using FluentValidation.Results;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Pipeline;
using RelationsLedger.Application.Queries.Panel;
using RelationsLedger.Cli.Audit;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Commands;

/// <summary>
/// <c>ledger panel --from 1946 --to 2024 [--every year] [--on 12-31] [--aspects …] [--party US] [--known-at T]
/// [--format csv|ndjson] [-o panel.csv]</c>: a dyad-period panel (docs/panel.md) from the read models, written as it
/// is read. Progress goes to standard error when it is a terminal.
/// </summary>
public static class PanelCommand
{
    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "panel";

    public static Command Build(CliOutput io)
    {
        var from = new Option<string>("--from") { Description = "The first period: YYYY, YYYY-MM or YYYY-MM-DD.", Required = true };
        var to = new Option<string>("--to") { Description = "The last period: YYYY, YYYY-MM or YYYY-MM-DD (inclusive).", Required = true };
        var every = new Option<string>("--every") { Description = $"One row per relationship and {string.Join(", ", PanelPlan.Periods)} (default year).", DefaultValueFactory = _ => "year" };
        var on = new Option<string?>("--on") { Description = "For yearly panels, the day of each year, MM-DD (default 12-31)." };
        var aspects = new Option<string?>("--aspects") { Description = $"The kinds of item to give columns, comma-separated (default all): {string.Join(",", PanelPlan.KindNames)}." };
        var party = new Option<string?>("--party") { Description = "Only the relationships of this party, e.g. US." };
        var knownAt = new KnownAtOption(KnownAtOption.AnswerAsKnown);
        var format = new Option<string>("--format") { Description = "csv (default) or ndjson (one JSON object per row).", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "ndjson");
        var output = new Option<string?>("--output", "-o") { Description = "The file to write; - or none: standard output." };
        var command = new Command(Name, "A dyad-period table for statistics tools: one row per relationship and date, per kind of item its state and certainty (docs/panel.md).")
            { from, to, every, on, aspects, party, knownAt.Option, format, output };
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            var path = OutputFile.PathOf(parse.GetValue(output));
            if (path is not null) OutputFile.RefuseLedgerFile(path, StoreOption.Location(parse), "the panel");
            var failures = new List<ValidationFailure>();
            var request = new GetPanel(parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(every)!, parse.GetValue(on), parse.GetValue(aspects),
                parse.GetValue(party), knownAt.Read(parse, failures));
            // The rows are read while they are written, so the services stay open until the last one is out.
            await using var services = await Services.ForStoreAsync(parse, io, ct);
            using var scope = services.CreateScope();
            RequestValidation.ThrowIfInvalid(scope.ServiceProvider, request, failures);
            await Services.RequireLedgerAsync(parse, services, ct);
            using var panel = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
            // Rows written to a terminal show themselves; a count drawn on the same screen would be drawn into them.
            var progress = path is null && io.OutputIsTerminal ? null : Progress(io, panel.RowCount);
            if (path is null)
            {
                // Cut at a row's end, it reads as a shorter panel: said, as an export to standard output says it (round 46).
                await using var target = new TextWriterStream(io.Out);
                await OutputCancelledException.SaidOfStandardOutputAsync(async () => { await WriteAsync(target); return true; },
                    "It ends with a whole row, so it reads as a panel of fewer rows; write it with -o FILE, which takes FILE's place only whole.", ct);
            }
            else
            {
                await using var file = await OutputFile.CreateAsync(path, "the panel", ct);
                await WriteAsync(file.Stream);
                await file.CompleteAsync(ct);
                await io.Error.WriteLineAsync($"Wrote {panel.RowCount:N0} rows ({panel.Plan.Dates.Count:N0} dates, {panel.Plan.Columns.Count * 2 + PanelColumns.Fixed.Count} columns) to {Path.GetFullPath(path)}.");
            }
            if (!panel.ReadModel.IsCurrent)
                await io.Error.WriteLineAsync($"Warning: the read model {Freshness.Behind(panel.ReadModel)}{(panel.ReadModel.Failure is { } f ? $": {f}" : "")}.");
            foreach (var line in Freshness.PassedOverLines(panel.ReadModel).Concat(Freshness.DeletedLines(panel.ReadModel))) await io.Error.WriteLineAsync(line);
            return ExitCodes.Ok;

            Task WriteAsync(Stream target) => parse.GetValue(format) == "ndjson"
                ? PanelFormats.WriteNdjsonAsync(panel, target, progress, ct)
                : PanelFormats.WriteCsvAsync(panel, target, progress, ct);
        }));
        return command;
    }

    /// <summary>A running count on standard error when it is a terminal (a few times a second); otherwise nothing, so pipes stay clean.
    /// Not while the rows go to the terminal themselves (<c>-o -</c> on a terminal): there the two were interleaved on one screen.</summary>
    private static Action<long>? Progress(CliOutput io, long total)
    {
        if (!io.ErrorIsTerminal) return null;
        var last = Stopwatch.GetTimestamp();
        return rows =>
        {
            if (rows < total && Stopwatch.GetElapsedTime(last).TotalMilliseconds < 250) return;
            last = Stopwatch.GetTimestamp();
            io.Error.Write($"\r{rows:N0} of {total:N0} rows ({(total == 0 ? 100 : rows * 100 / total)}%)");
            if (rows >= total) io.Error.WriteLine();
        };
    }
}
