using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using Spectre.Console;

namespace RelationsLedger.Cli.Output;

/// <summary>Answers across relationships as tables: one row per item, with its certainty and the event behind it.</summary>
public static class AcrossTables
{
    public static void Designations(IAnsiConsole console, AcrossView<Designation> v) =>
        Write(console, v, ["Actor", "Designates", "List (authority)"], d => [d.Actor, d.Counterpart, $"{d.List} ({d.Authority})"]);

    public static void Missions(IAnsiConsole console, AcrossView<Mission> v) =>
        Write(console, v, ["Actor", "In", "Level"], m => [m.Actor, m.Counterpart, $"{Names.Of(m.Level)}{(m.City is { } c ? $" ({c})" : "")}{(m.ProtectingPower is { } p ? $", under {p}'s flag" : "")}"]);

    private static void Write<T>(IAnsiConsole console, AcrossView<T> v, string[] columns, Func<T, string[]> cells) where T : ITenure
    {
        var knownAt = v.KnownAt is { } k ? $" (as known at {Moments.Text(k)})" : "";
        var ids = new ShortIds(v.Items.Select(i => i.Item.EventId));
        var rows = v.Items.Select(item =>
        {
            // Ended items are listed only while their ending is uncertain; any other status (suspended) reads as its name.
            var status = (item.Status, item.Certainty, item.Item.Ended) switch
            {
                (ItemStatus.InForce, Certainty.Certain, _) => "in force",
                (ItemStatus.InForce, _, _) => "possibly in force (partial date)",
                (ItemStatus.Ended, _, { } ended) => $"possibly ended: {ended.Type}",
                var (other, certainty, _) => $"{(certainty == Certainty.Possible ? "possibly " : "")}{Names.Of(other)}",
            };
            var since = item.Item.LastChange == item.Item.Since ? item.Item.Since.ToString() : $"{item.Item.Since} → {item.Item.LastChange}";
            return (string[])[.. cells(item.Item).Select(Markup.Escape), Cells.Text(status), Cells.Text(since), ids.Of(item.Item.EventId)];
        });
        if (v.Items.Count == 0) rows = [[.. columns.Select(_ => ""), "(none)", "", ""]];
        PagedTable.Write(console, () => new Table().Title(Cells.Text(v.Question + knownAt)).AddColumns([.. columns, "Status", "Since / ended", "Event"]), rows);
        Freshness.Write(console, v.ReadModel);
    }

    public static void Changes(IAnsiConsole console, ChangedRelationshipsView v)
    {
        var knownAt = v.KnownAt is { } k ? $" (as known at {Moments.Text(k)})" : "";
        var ids = new ShortIds(v.Relationships.SelectMany(r => r.Changes).Select(c => c.EventId));
        var rows = v.Relationships.SelectMany(r => r.Changes.Select(c => new[]
        {
            Cells.Text(r.Relationship), c.EffectiveDate.ToString(), c.Type,
            c.Certainty == Certainty.Certain ? "inside the window" : "possibly (partial date straddles an edge)", ids.Of(c.EventId),
        }));
        if (v.Relationships.Count == 0) rows = [["(none)", "", "", "", ""]];
        PagedTable.Write(console, () => new Table().Title(Cells.Text($"Relationships that changed between {v.From} and {v.To}{knownAt}"))
            .AddColumns("Relationship", "Effective", "Event", "Certainty", "Event id"), rows);
        Freshness.Write(console, v.ReadModel);
    }
}
