using System.CommandLine;
using System.Globalization;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Trail;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Cli.Output;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Time;
using Spectre.Console;

namespace RelationsLedger.Cli.Audit;

/// <summary><c>ledger audit A B [--known-at T] [--json]</c>: the relationship replayed event by event with provenance and effect.</summary>
public static class AuditCommand
{
    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "audit";

    public static Command Build(CliOutput io)
    {
        var a = new Argument<string>("party-a") { Description = "One party." };
        var b = new Argument<string>("party-b") { Description = "The other party." };
        var knownAt = new KnownAtOption("Replay only what was recorded by this moment (ISO 8601, e.g. 2025-04-17T12:00:00Z).");
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command(Name, "Replay a relationship event by event, in recording order: effective date, recorded at, recorded by, sources, and what each event changed in the state as known.")
            { a, b, knownAt.Option, json };
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            var failures = new List<FluentValidation.Results.ValidationFailure>();
            var request = new GetAuditTrail(parse.GetValue(a)!, parse.GetValue(b)!, knownAt.Read(parse, failures));
            var trail = await Mediation.SendAsync(parse, io, request, ct, storeMustExist: true, failures);
            if (parse.GetValue(json)) await Json.WriteLineAsync(io.Out, trail, ct);
            else Write(io.Console, trail);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Write(IAnsiConsole console, AuditTrail trail)
    {
        var title = $"Audit of {trail.Relationship}{(trail.KnownAt is { } k ? $", as known at {Moments.Text(k)}" : "")}: each event's effect on the state as known when it was recorded";
        // Events recorded together (a batch) share a correlation id: shown when events share one, or when it was given.
        var together = trail.Entries.GroupBy(e => e.CorrelationId, RandomisedIds.Comparer).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(RandomisedIds.Comparer);
        var ids = new ShortIds(trail.Entries.SelectMany(e => e.Mends is { } m ? [e.EventId, e.CorrelationId, m] : new[] { e.EventId, e.CorrelationId }));
        var rows = trail.Entries.Select(e =>
        {
            var correlation = together.Contains(e.CorrelationId) || e.CorrelationId != e.EventId ? $"\ncorrelation {ids.Of(e.CorrelationId)}" : "";
            return new[]
            {
                e.Revision.ToString(CultureInfo.InvariantCulture),
                Cells.Text($"{e.Type}\n{ids.Of(e.EventId)}{correlation}{(e.Mends is { } m ? $"\nmends {ids.Of(m)}" : "")}"),
                Cells.Text($"{e.EffectiveDate}\n{Moments.Text(e.RecordedAt)}\n{Cells.RecordedBy(e.RecordedBy, e.RecordedThrough)}"),
                Cells.Text(string.Join("\n", e.Sources.Select(s => $"{s.Publisher}: {s.Title}{(s.PublishedOn is { } d ? $" ({d})" : "")}"))),
                Cells.Text(Describe(e.Changes)),
            };
        });
        if (trail.Entries.Count == 0) rows = [["", "(no events recorded for this relationship)", "", "", ""]];
        PagedTable.Write(console, () => new Table().Title(Cells.Text(title)).AddColumns(Cells.Short("Rev"), Cells.Short("Event (--json: full ids)"),
            new TableColumn("Effective / recorded (UTC) / by"), new TableColumn("Sources"), new TableColumn("What it changed")), rows,
            wholeValues: WhenAndWho);
        if (trail.Entries.Count == 0 && PartyCase.Note(trail.Relationship) is { } note) console.WriteLine(note);
    }

    /// <summary>
    /// The column of the effective date, the recorded moment and who recorded it: each word of it held whole, so that an
    /// auditor reads a moment on one line (folded, at 80 columns it was <c>2026-12-07T0</c> over <c>2:02:07.6994</c> over
    /// <c>011Z</c>); where it cannot be, the rows are written a field a line (<see cref="TableOrFields"/>).
    /// </summary>
    private static readonly IReadOnlySet<int> WhenAndWho = new HashSet<int> { 2 };

    /// <summary>+ added, - removed, ~ changed (field: before → after).</summary>
    public static string Describe(IReadOnlyList<StateChange> changes)
    {
        if (changes.Count == 0) return "(no change to the state)";
        return string.Join("\n", changes.Select(c => c.Change switch
        {
            ChangeKind.Added => $"+ {c.Section}: {c.Item}{string.Concat(c.Fields.Where(f => f.Field is "since" or "status" or "level" or "stage").Select(f => $"\n    {f.Field}: {f.After}"))}",
            ChangeKind.Removed => $"- {c.Section}: {c.Item}",
            _ => $"~ {c.Section}: {c.Item}\n{string.Join("\n", c.Fields.Select(f => $"    {f.Field}: {f.Before ?? "(none)"} → {f.After ?? "(none)"}"))}",
        }));
    }
}
