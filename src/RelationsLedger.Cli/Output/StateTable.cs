using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using Spectre.Console;

namespace RelationsLedger.Cli.Output;

/// <summary>
/// A relationship's state as one readable table: each item of each kind (in the kinds' order), its status,
/// certainty and the event behind it. The rows are derived from the kinds' declarations.
/// </summary>
public static class StateTable
{
    public static void Write(IAnsiConsole console, RelationshipStateView v)
    {
        var knownAt = v.KnownAt is { } k ? $", as known at {Moments.Text(k)}" : "";
        var table = new Table().Title($"{Cells.Text(v.Relationship)} as of {v.AsOf}{Cells.Text(knownAt)}")
            .AddColumns(Cells.Short("Aspect"), new TableColumn("Item"), new TableColumn("Status"), Cells.Short("Since / on"), Cells.Short("Event (--json: full id)"));
        var rows = new List<StateRow>(Rows(v));
        var ids = new ShortIds(EventsOf(rows));
        foreach (var row in rows)
            Cells.AddRow(table, Cells.Text(row.Aspect), Cells.Text(row.Item), Cells.Text(row.Status), Cells.Text(row.Since), ids.Of(row.Event));
        if (rows.Count == 0)
            Cells.AddRow(table, "(nothing)", v.KnownAt is { } at ? $"nothing known at {Moments.Text(at)} takes effect on or before this day" : "nothing recorded takes effect on or before this day", "", "", "");
        console.Write(new TableOrFields(table));
        if (rows.Count == 0 && PartyCase.Note(v.Relationship) is { } note) console.WriteLine(note);
        Freshness.Write(console, v.ReadModel);
    }

    /// <summary>
    /// A row of the table. A class, not a tuple: a list or query over a tuple holding a <see cref="Guid"/> is a generic
    /// instantiation over a value type that the shipped tool's ahead-of-time image does not hold, so a cold <c>ledger state</c>
    /// compiled it at run time (docs/performance.md, round 36).
    /// </summary>
    public sealed record StateRow(string Aspect, string Item, string Status, string Since, Guid Event);

    public static IEnumerable<StateRow> Rows(RelationshipStateView v)
    {
        foreach (var kind in RelationshipModel.Kinds)
        {
            switch (v.Sections[kind])
            {
                case null:
                    break;
                case System.Collections.IEnumerable items:
                    foreach (var item in items)
                        yield return item is IItemView tenure ? Row(kind, tenure) : Own(kind, ((ISingleView)item).Item, ((ISingleView)item).Certainty);
                    break;
                case ISingleView single:
                    yield return Own(kind, single.Item, single.Certainty);
                    break;
            }
        }
    }

    private static IEnumerable<Guid> EventsOf(List<StateRow> rows)
    {
        foreach (var row in rows) yield return row.Event;
    }

    /// <summary>A single item or one of the latest: its own status word and date ("possibly" when a partial date straddles the day).</summary>
    private static StateRow Own(ItemKind kind, object item, Certainty certainty)
    {
        var (status, on) = kind.StatusOf(item);
        var possibly = certainty == Certainty.Possible ? "possibly " : "";
        return new(kind.Title, kind.Describe(item), $"{possibly}{status}", on.ToString(), ((IStateItem)item).EventId);
    }

    private static StateRow Row(ItemKind kind, IItemView x)
    {
        var possibly = x.Certainty == Certainty.Possible ? "possibly " : "";
        var item = x.Item;
        return x.Status switch
        {
            ItemStatus.Ended when item.Ended is { } ended =>
                new StateRow(kind.Title, kind.Describe(item), $"{possibly}ended: {ended.Type}{(ended.Reason is { } why ? $" ({why})" : "")}", $"{item.Since} → {ended.On}", ended.EventId),
            ItemStatus.InForce => new StateRow(kind.Title, kind.Describe(item), $"{possibly}{kind.HoldsWord}", item.Since.ToString(), item.EventId),
            var other => new StateRow(kind.Title, kind.Describe(item), $"{possibly}{Names.Of(other)}", $"{item.Since} → {item.LastChange}", item.EventId),
        };
    }
}
