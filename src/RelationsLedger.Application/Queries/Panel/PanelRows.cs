using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries.Panel;

/// <summary>
/// One version of one item of a relationship: the item as the state holds it for every "as of" day in
/// [<see cref="ValidFrom"/>, <see cref="ValidTo"/>) (day numbers), at its place in its kind's list. For an item of a
/// latest kind (an engagement, a statement) the version holds from its first possible day on.
/// </summary>
public readonly record struct PanelItem(ItemKind Kind, long Ordinal, int ValidFrom, int ValidTo, object Item);

/// <summary>One cell: the value (for a value column; null when none holds) or the count, and how certain it is.</summary>
public readonly record struct PanelCell(string? Value, int Count, Certainty Certainty);

/// <summary>One row of a panel: a relationship as of a date, one cell per column of the plan.</summary>
public sealed record PanelRow(string Relationship, string PartyA, string PartyB, DateOnly Date, IReadOnlyList<PanelCell> Cells);

/// <summary>
/// A relationship's rows of a panel, from the versions of its items. A cell says what the state as of the date says
/// (<c>GET /relationships/{a}/{b}/state</c>): a value column holds the value of the item that holds, a count column how
/// many hold — holding as the questions across relationships count (<see cref="AcrossRelationships.Counts"/>: in force, or
/// ended only possibly by the date). It is possible when an item of its direction is only possibly in its status as of the
/// date. A latest kind's cell counts the items whose first possible day falls in the period ending on the date, and is
/// possible when an item's partial date straddles the date or the period's start.
/// </summary>
public static class PanelRows
{
    public static IEnumerable<PanelRow> Of(RelationshipKey key, PanelPlan plan, IEnumerable<PanelItem> items)
    {
        var (a, b) = (key.First.Value, key.Second.Value);
        // Each column reads only the items of its kind and direction, in list order.
        var groups = plan.Columns.Select(_ => new List<PanelItem>()).ToArray();
        var byKind = plan.Columns.Select((c, i) => (c, i)).ToLookup(x => x.c.Kind);
        foreach (var item in items.OrderBy(i => i.Ordinal))
            foreach (var (column, i) in byKind[item.Kind])
                if (!item.Kind.Directed || item.Kind.IndexOf(item.Item).Actor == (column.ActorIsB ? b : a)) groups[i].Add(item);

        foreach (var date in plan.Dates)
        {
            var cells = new PanelCell[plan.Columns.Count];
            for (var i = 0; i < cells.Length; i++)
                cells[i] = plan.Columns[i].Cell == PanelCellKind.CountInPeriod
                    ? InPeriod(plan.Columns[i].Kind, groups[i], plan.PeriodBefore(date), date)
                    : AsOf(plan.Columns[i], groups[i], date);
            yield return new PanelRow(key.ToString(), a, b, date, cells);
        }
    }

    private static PanelCell AsOf(PanelColumnOf column, List<PanelItem> items, DateOnly date)
    {
        var (kind, day) = (column.Kind, date.DayNumber);
        var (count, possible) = (0, false);
        List<string>? values = null;
        foreach (var version in items)
        {
            if (version.ValidFrom > day || version.ValidTo <= day) continue;
            var item = version.Item;
            if (item is ITenure tenure)
            {
                possible |= tenure.CertaintyAsOf(date) == Certainty.Possible;
                if (!AcrossRelationships.Counts(tenure, date)) continue;
            }
            else possible |= !kind.StatusOf(item).Date.CertainlyOnOrBefore(date);
            count++;
            if (column.Cell == PanelCellKind.Value) (values ??= []).Add(kind.PanelValueOf(item));
        }
        var certainty = possible ? Certainty.Possible : Certainty.Certain;
        return column.Cell == PanelCellKind.Value ? new(values is null ? null : string.Join("; ", values), count, certainty) : new(null, count, certainty);
    }

    private static PanelCell InPeriod(ItemKind kind, List<PanelItem> items, DateOnly before, DateOnly date)
    {
        var (count, possible) = (0, false);
        foreach (var version in items)
        {
            if (version.ValidFrom > date.DayNumber || version.ValidTo <= date.DayNumber) continue;
            var on = kind.StatusOf(version.Item).Date;
            if (on.Start > before && on.Start <= date) count++;
            possible |= (on.Start <= date && on.End > date) || (on.Start <= before && on.End > before);
        }
        return new(null, count, possible ? Certainty.Possible : Certainty.Certain);
    }
}
