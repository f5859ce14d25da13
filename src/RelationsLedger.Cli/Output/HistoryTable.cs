using System.Globalization;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Domain.Time;
using Spectre.Console;

namespace RelationsLedger.Cli.Output;

/// <summary>A relationship's record as a table: both times, who recorded each event, its sources and its mends.</summary>
public static class HistoryTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<HistoryEntry> entries)
    {
        // Events of several relationships (a batch's, by correlation id) say which relationship each is in.
        var streams = entries.Select(e => e.Stream).Distinct().Count();
        var rows = entries.Select(e =>
        {
            var mends = e.Mends is { } target ? $"\nmends {target}" : "";
            var mendedBy = e.MendedBy.Count > 0 ? $"\nmended by {string.Join(", ", e.MendedBy)}" : "";
            return new[]
            {
                e.Revision.ToString(CultureInfo.InvariantCulture),
                e.EffectiveDate.ToString(),
                Moments.Text(e.RecordedAt),
                Cells.Text(Cells.RecordedBy(e.RecordedBy, e.RecordedThrough)),
                Cells.Text($"{e.Type}\n{e.EventId}{(streams > 1 ? $"\nin {e.Stream}" : "")}{mends}{mendedBy}"),
                Cells.Fields(e.Data),
                Cells.Text(string.Join("\n", e.Sources.Select(s => $"{s.Publisher}: {s.Title}{(s.PublishedOn is { } d ? $" ({d})" : "")}{(s.Url is { } u ? $" {u}" : "")}"))),
            };
        });
        if (entries.Count == 0) rows = [["", "", "", "", "(no events recorded)", "", ""]];
        PagedTable.Write(console, () => new Table().AddColumns(Cells.Short("Rev"), Cells.Short("Effective"), Cells.Short("Recorded at (UTC)"), new TableColumn("By"),
            Cells.Short("Event"), new TableColumn("Fields"), new TableColumn("Sources")), rows);
    }
}
