using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries.Panel;

/// <summary>
/// A relationship's rows of a panel, from the versions of its items. A cell says what the state as of the date says
/// (<c>GET /relationships/{a}/{b}/state</c>): a value column holds the value of the item that holds, a count column how
/// many hold — in force, or out of force (ended or suspended) only possibly by the date. Unlike the questions across
/// relationships (<see cref="AcrossRelationships.Counts"/>), which list a suspended designation with its status, a
/// certainly suspended one does not hold here: the column counts what is in force. It is possible when an item of its direction is only possibly in its status as of the
/// date. A latest kind's cell counts the items whose first possible day falls in the period ending on the date, and is
/// possible when an item's partial date straddles the date or the period's start.
/// </summary>
public static class PanelRows
{
    public static IEnumerable<PanelRow> Of(RelationshipKey key, PanelPlan plan, IEnumerable<PanelItem> items)
    {
        var (a, b) = (key.First.Value, key.Second.Value);
        // Each column reads only the items of its kind and direction, in list order, each read once into days.
        var groups = plan.Columns.Select(_ => new List<Version>()).ToArray();
        var byKind = plan.Columns.Select((c, i) => (c, i)).ToLookup(x => x.c.Kind);
        foreach (var item in items.OrderBy(i => i.Ordinal))
            foreach (var (column, i) in byKind[item.Kind])
                if (!item.Kind.Directed || item.Actor == (column.ActorIsB ? b : a)) groups[i].Add(Version.Of(column, item));

        foreach (var date in plan.Dates)
        {
            var (day, before) = (date.DayNumber, plan.PeriodBefore(date));
            var cells = new PanelCell[plan.Columns.Count];
            for (var i = 0; i < cells.Length; i++)
                cells[i] = plan.Columns[i].Cell == PanelCellKind.CountInPeriod ? InPeriod(groups[i], before, day) : AsOf(plan.Columns[i], groups[i], day);
            yield return new PanelRow(key.ToString(), a, b, date, cells);
        }
    }

    /// <summary>
    /// One version read once into the days a cell needs: when its status last changed (the last day of that partial
    /// date: before it the status is only possible) and whether it is out of force (ended, or suspended) — exactly what <see cref="TenureExtensions.CertaintyAsOf"/>
    /// and <see cref="AcrossRelationships.Counts"/> read, so a cell needs no date arithmetic per date.
    /// </summary>
    private readonly record struct Version(int ValidFrom, int ValidTo, int ChangeStart, int ChangeEnd, bool OutOfForce, string? Value)
    {
        public static Version Of(PanelColumnOf column, PanelItem version)
        {
            var (kind, item) = (column.Kind, version.Item);
            if (item is null) return new(version.ValidFrom, version.ValidTo, version.MomentStart, version.MomentEnd, false, null);
            var tenure = item as ITenure;
            var change = tenure?.LastChange ?? kind.StatusOf(item).Date;
            return new(version.ValidFrom, version.ValidTo, change.Start.DayNumber, change.End.DayNumber, tenure is not null && !tenure.InForce(),
                column.Cell == PanelCellKind.Value ? kind.PanelValueOf(item) : null);
        }
    }

    private static PanelCell AsOf(PanelColumnOf column, List<Version> items, int day)
    {
        var (count, possible) = (0, false);
        List<string>? values = null;
        foreach (var version in items)
        {
            if (version.ValidFrom > day || version.ValidTo <= day) continue;
            var certain = version.ChangeEnd <= day;
            possible |= !certain;
            if (version.OutOfForce && certain) continue; // out of force for certain: it no longer counts
            count++;
            if (version.Value is not null) (values ??= []).Add(version.Value);
        }
        var certainty = possible ? Certainty.Possible : Certainty.Certain;
        return column.Cell == PanelCellKind.Value ? new(values is null ? null : string.Join("; ", values), count, certainty) : new(null, count, certainty);
    }

    private static PanelCell InPeriod(List<Version> items, int before, int day)
    {
        var (count, possible) = (0, false);
        foreach (var version in items)
        {
            if (version.ValidFrom > day || version.ValidTo <= day) continue;
            if (version.ChangeStart > before && version.ChangeStart <= day) count++;
            possible |= (version.ChangeStart <= day && version.ChangeEnd > day) || (version.ChangeStart <= before && version.ChangeEnd > before);
        }
        return new(null, count, possible ? Certainty.Possible : Certainty.Certain);
    }
}
