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
    // The columns of ids and dates: wrapped columns (so are their tables' layouts at every width), whose values are never cut
    // in two all the same — where the table would, its rows are written a field a line (TableOrFields). An item table's
    // parties, dates and event; a change's relationship, date and event (its type, a long name such as DesignationImposed,
    // wraps as text: holding it whole would write the changes a field a line on an 80-column terminal).
    private static readonly IReadOnlySet<int> ItemWholeValues = new HashSet<int> { 0, 1, 4, 5 };
    private static readonly IReadOnlySet<int> ChangeWholeValues = new HashSet<int> { 0, 1, 4 };

    /// <param name="party">The party asked about: an empty answer about <c>ru</c> says that it is not <c>RU</c> (<see cref="PartyCase"/>).</param>
    public static void Designations(IAnsiConsole console, string party, AcrossView<Designation> v) =>
        Write(console, party, v, ["Actor", "Designates", "List (authority)"], d => [d.Actor, d.Counterpart, $"{d.List} ({d.Authority})"], _ => "changed");

    public static void Missions(IAnsiConsole console, string party, AcrossView<Mission> v) =>
        Write(console, party, v, ["Actor", "In", "Level"], m => [m.Actor, m.Counterpart, $"{Names.Of(m.Level)}{(m.City is { } c ? $" ({c})" : "")}{(m.ProtectingPower is { } p ? $", under {p}'s flag" : "")}"],
            lower => $"lowered to {Names.Of(lower.Level)}");

    /// <param name="change">What a later version of an item is, said of the item listed (a mission "lowered to consulate").</param>
    private static void Write<T>(IAnsiConsole console, string party, AcrossView<T> v, string[] columns, Func<T, string[]> cells, Func<T, string> change) where T : class, ITenure
    {
        var knownAt = v.KnownAt is { } k ? $" (as known at {Moments.Text(k)})" : "";
        var ids = new ShortIds(v.Items.SelectMany(EventsShown));
        var rows = v.Items.Select(item =>
        {
            // Ended items are listed only while their ending is uncertain; any other status (suspended) reads as its name.
            // An item listed as it was before a change that may be ahead names that change, and a possible ending its event, as a
            // relationship's state names the ending (the Event column stays the item's own: the row is the item listed).
            var status = (item.Status, item.Certainty, item.Item.Ended) switch
            {
                _ when item.PossiblyChangedTo is { } to => $"possibly {change(to)} (event {ids.Of(to.EventId)})",
                (ItemStatus.InForce, Certainty.Certain, _) => "in force",
                (ItemStatus.InForce, _, _) => "possibly in force (partial date)",
                (ItemStatus.Ended, _, { } ended) => $"possibly ended: {ended.Type} (event {ids.Of(ended.EventId)})",
                var (other, certainty, _) => $"{(certainty == Certainty.Possible ? "possibly " : "")}{Names.Of(other)}",
            };
            var last = item.PossiblyChangedTo?.Since ?? item.Item.LastChange;
            var since = last == item.Item.Since ? item.Item.Since.ToString() : $"{item.Item.Since} → {last}";
            return (string[])[.. cells(item.Item).Select(Cells.Text), Cells.Text(status), Cells.Text(since), ids.Of(item.Item.EventId)];
        });
        if (v.Items.Count == 0) rows = [[.. columns.Select(_ => ""), "(none)", "", ""]];
        PagedTable.Write(console, () => new Table().Title(Cells.Text(v.Question + knownAt)).AddColumns([.. columns, "Status", "Since / ended", "Event"]), rows,
            wholeValues: ItemWholeValues);
        if (v.Items.Count == 0 && PartyCase.Note(party) is { } note) console.WriteLine(note);
        Freshness.Write(console, v.ReadModel);
    }

    /// <summary>The ids a row shows: the item's, and that of a change or an ending its status names.</summary>
    private static IEnumerable<Guid> EventsShown<T>(RelationshipItemView<T> item) where T : class, ITenure
    {
        yield return item.Item.EventId;
        if (item.PossiblyChangedTo is { } to) yield return to.EventId;
        if (item.Item.Ended is { } ended) yield return ended.EventId;
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
            .AddColumns("Relationship", "Effective", "Event", "Certainty", "Event id"), rows, wholeValues: ChangeWholeValues);
        Freshness.Write(console, v.ReadModel);
    }
}
