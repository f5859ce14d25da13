using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Queries;
using Spectre.Console;

namespace RelationsLedger.Cli.Output;

/// <summary>
/// Warns, under a table, when the answer came from a read model that could not catch up, and when it leaves out events
/// the read model passed over as not the ledger's (an answer across relationships: <see cref="ReadModelFreshness.PassedOver"/>).
/// </summary>
public static class Freshness
{
    public static void Write(IAnsiConsole console, ReadModelFreshness? freshness)
    {
        if (freshness is null) return;
        if (!freshness.IsCurrent)
        {
            console.MarkupLine($"[yellow]Warning: the read model {Behind(freshness)} (at position {Cells.Text(freshness.Position)}): {Cells.Text(freshness.Failure)}[/]");
            console.MarkupLine("[yellow]Run 'ledger projections status' for details; 'ledger state' answers are as of that position.[/]");
        }
        foreach (var line in PassedOverLines(freshness).Concat(DeletedLines(freshness))) console.MarkupLine($"[yellow]{Markup.Escape(line)}[/]");
    }

    /// <summary>
    /// How far behind the log the read model is, in words: "is 3 event(s) behind the log", or, when the store did not answer
    /// in time, that it cannot tell (before round 44 that said "is 0 event(s) behind", which reads as current).
    /// </summary>
    public static string Behind(ReadModelFreshness freshness) =>
        freshness.BehindKnown ? $"is {freshness.Behind} event(s) behind the log" : "may be behind the log, by how many events it cannot tell";

    /// <summary>The warning that the store the answer comes from was cut (rows deleted from its file), one line each; none when it was not.</summary>
    public static IEnumerable<string> DeletedLines(ReadModelFreshness freshness)
    {
        if (freshness.DeletedFromLog is not { Count: > 0 } deleted) yield break;
        yield return "Warning: events were deleted from the store file, so this answer holds only what is left of the record (which " +
            "relationships lost events, the deleted rows no longer say):";
        foreach (var run in deleted) yield return Printable.Text($"  {run}");
        yield return "Run 'ledger verify' to name everything missing or altered.";
    }

    /// <summary>
    /// The warning for what an answer leaves out, one line each (none when there is nothing): events passed over as not the
    /// ledger's, and relationships whose events the store's log no longer holds whole; for a table and for the panel's standard error.
    /// </summary>
    public static IEnumerable<string> PassedOverLines(ReadModelFreshness freshness)
    {
        if (freshness.PassedOver is not { } passed) yield break;
        var removed = passed.Events.Any(e => e.Kind == TamperKind.Removed);
        yield return removed
            ? $"Warning: this answer leaves out {passed.Count} finding(s) of relationships the read model does not hold whole: events that are not the ledger's " +
              "(another client of the store wrote them, or they were changed since they were recorded), passed over, or events the store's global log " +
              "no longer holds (removed on the server). Questions about their relationships are refused:"
            : $"Warning: this answer leaves out {passed.Count} event(s) that are not the ledger's (another client of the store wrote them, " +
              "or they were changed since they were recorded); the read model passed over them. Questions about their relationships are refused:";
        foreach (var e in passed.Events)
            yield return Printable.Text(e.Kind == TamperKind.Removed
                ? $"  {e.Stream} (position {e.Position}): {e.Unreadable}"
                : $"  {e.Stream} revision {e.Revision}, event {e.EventId} (position {e.Position}): {e.Unreadable}");
        if (passed.Count > passed.Events.Count) yield return $"  … and {passed.Count - passed.Events.Count} more.";
        yield return removed ? "Run 'ledger verify' to name everything missing or altered." : "Run 'ledger verify' to name every such event.";
    }
}
