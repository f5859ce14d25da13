using System.Globalization;
using RelationsLedger.Application.Queries.History;
using Spectre.Console;

namespace RelationsLedger.Cli.Output;

/// <summary>A relationship's record as a table: both times, who recorded each event, its sources and its mends.</summary>
public static class HistoryTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<HistoryEntry> entries)
    {
        var table = new Table().AddColumns("Rev", "Effective", "Recorded at (UTC)", "By", "Event", "Data", "Sources");
        foreach (var e in entries)
        {
            var mends = e.Mends is { } target ? $"\nmends {target}" : "";
            var mendedBy = e.MendedBy.Count > 0 ? $"\nmended by {string.Join(", ", e.MendedBy)}" : "";
            table.AddRow(
                e.Revision.ToString(CultureInfo.InvariantCulture),
                e.EffectiveDate.ToString(),
                e.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                Markup.Escape(e.RecordedBy),
                Markup.Escape($"{e.Type}\n{e.EventId}{mends}{mendedBy}"),
                Markup.Escape(e.Data.GetRawText()),
                Markup.Escape(string.Join("\n", e.Sources.Select(s => $"{s.Publisher}: {s.Title}{(s.PublishedOn is { } d ? $" ({d})" : "")}{(s.Url is { } u ? $" {u}" : "")}"))));
        }
        if (entries.Count == 0) table.AddRow("", "", "", "", "(no events recorded for this relationship)", "", "");
        console.Write(table);
    }
}
