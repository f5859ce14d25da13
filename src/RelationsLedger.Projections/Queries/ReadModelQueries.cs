using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Projections.Queries;

/// <summary>
/// The SQL behind every question: index range lookups on the item versions and the facts. "As
/// known at T" keeps the rows recorded at or before T and not superseded by then; without T,
/// only the rows never superseded.
/// </summary>
internal static class ReadModelQueries
{
    private const string Visible = "i.valid_from <= $day AND i.valid_to > $day AND i.recorded_from <= $known AND i.superseded_at > $known";

    /// <summary>
    /// <see cref="Visible"/> for "now" (<see cref="KnownTicks"/> of null): exactly the rows never superseded, said with the literal that
    /// lets the planner use the partial index of those rows (<c>ix_item_versions_current</c>).
    /// </summary>
    private static readonly string VisibleNow = $"i.valid_from <= $day AND i.valid_to > $day AND i.superseded_at = {Schema.NotSuperseded}";

    /// <summary>Ticks compared with recorded_from / superseded_at; "now" sees exactly the never-superseded rows.</summary>
    public static long KnownTicks(DateTimeOffset? knownAt) => knownAt?.UtcTicks ?? long.MaxValue - 1;

    /// <summary>
    /// The state of one relationship as of a day: the items of the slot kinds (one version per slot holds as of
    /// the day), and for each latest kind its last rows by (first day, ordinal) among those whose first day is on
    /// or before the day — the state keeps the latest few in timeline order. Made once from the kinds.
    /// </summary>
    private static string StateSql(string visible, string slotsIndex) => string.Join("\nUNION ALL ",
        [
            $"SELECT i.kind, i.ordinal, i.payload FROM item_versions i {slotsIndex}WHERE i.rel_id = $rel AND i.kind IN ({SlotCodes()}) AND {visible}",
            .. RelationshipModel.Kinds.OfType<ILatestKind>().Select(k =>
                $"SELECT * FROM (SELECT i.kind, i.ordinal, i.payload FROM item_versions i INDEXED BY ix_item_versions_latest WHERE i.rel_id = $rel AND i.kind = {k.Code} AND i.kind >= {Schema.FirstLatestCode} AND {visible} ORDER BY i.valid_from DESC, i.ordinal DESC LIMIT {k.Keep})"),
        ]);

    /// <summary>
    /// The slot kinds' codes, listed by a loop: LINQ's <c>Where(…).Select(k => k.Code)</c> over the kinds is an iterator to
    /// <see cref="int"/> the composite image does not hold, compiled at run time by a cold question's first item query (round 69).
    /// </summary>
    private static string SlotCodes()
    {
        var codes = new List<string>();
        foreach (var kind in RelationshipModel.Kinds)
            if (kind.Shape != KindShape.Latest) codes.Add(kind.Code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Join(", ", codes);
    }

    internal static readonly string StateKnownSql = StateSql(Visible, "");

    /// <summary>
    /// Named, not left to the planner: for this query it rates <c>ix_item_versions_rel</c> and <c>ix_item_versions_current</c>
    /// alike and takes the one made last, and a rebuild makes <c>ix_item_versions_rel</c> at its end (docs/performance.md, round 62).
    /// </summary>
    internal static readonly string StateNowSql = StateSql(VisibleNow, "INDEXED BY ix_item_versions_current ");

    public static RelationshipState StateAsOf(SqliteConnection c, RelationshipKey key, DateOnly asOf, DateTimeOffset? knownAt)
    {
        var items = new List<StateItem>();
        using (var find = c.CreateCommand())
        {
            find.CommandText = "SELECT id FROM relationships WHERE key = $key";
            find.Parameters.AddWithValue("$key", key.ToString());
            if (find.ExecuteScalar() is not long rel) return StateItems.Assemble(key, items);

            // The items of the state's lists: one version per slot holds as of the day. Engagements and
            // statements: the state keeps the latest ten in timeline order, i.e. the last ten rows by
            // (first day, ordinal) among those whose first day is on or before the day. Read through the native
            // statement: the payload's bytes go to the decoded items as SQLite holds them, with no string per row
            // (the longest relationship's state is ~2,000 rows).
            using var query = new SqliteStatement(c, knownAt is null ? StateNowSql : StateKnownSql);
            query.Bind("$rel", rel);
            query.Bind("$day", asOf.DayNumber);
            if (knownAt is not null) query.Bind("$known", KnownTicks(knownAt));
            var latest = new List<StateItem>();
            while (query.Step())
            {
                var kind = RelationshipModel.KindOf(query.Int32(0));
                var item = new StateItem(kind, query.Int32(1), StateItems.Deserialize(kind, query.Utf8(2)));
                if (kind.Shape == KindShape.Latest) latest.Add(item); else items.Add(item);
            }
            PutBackInListOrder(latest, items);
        }
        return StateItems.Assemble(key, items);
    }

    /// <summary>
    /// The latest kinds' rows come newest first per kind: each kind's are put back in list order, numbered from 0, the kinds in
    /// the order first read. Plain loops, not LINQ's GroupBy over <see cref="StateItem"/> (a value type): its lookup, groupings
    /// and iterators over it are instantiations the composite image does not hold, compiled at run time by every cold question
    /// of a relationship with engagements or statements (docs/performance.md, round 69). There are at most a few tens of rows.
    /// </summary>
    private static void PutBackInListOrder(List<StateItem> latest, List<StateItem> items)
    {
        for (var first = 0; first < latest.Count; first++)
        {
            var code = latest[first].Kind.Code;
            if (IsKindBefore(latest, first, code)) continue;
            var ordinal = 0;
            for (var i = latest.Count - 1; i >= first; i--)
                if (latest[i].Kind.Code == code) items.Add(latest[i] with { Ordinal = ordinal++ });
        }
    }

    private static bool IsKindBefore(List<StateItem> latest, int index, int code)
    {
        for (var i = 0; i < index; i++)
            if (latest[i].Kind.Code == code) return true;
        return false;
    }

    /// <summary>
    /// True when two mission facts of the relationship known at the moment (opened, level changed, closed; either party's)
    /// began on the same first day within the year before the day: a version the walk of "possibly still at a level" may
    /// step through then need not be in any day's rows (<see cref="MissionVersions.ByDay"/>). The walk steps only through
    /// versions whose date straddles the day, and a partial date spans at most 366 days.
    /// </summary>
    public static bool MissionFactsShareAFirstDay(SqliteConnection c, RelationshipKey key, DateOnly asOf, DateTimeOffset? knownAt)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT EXISTS (SELECT 1 FROM facts f WHERE f.rel_id = (SELECT id FROM relationships WHERE key = $key)
                AND f.type IN ({MissionFactTypes}) AND f.start_day <= $day AND f.start_day > $day - 366
                AND f.recorded_from <= $known AND f.superseded_at > $known
                GROUP BY f.start_day HAVING COUNT(*) > 1)
            """;
        cmd.Parameters.AddWithValue("$key", key.ToString());
        cmd.Parameters.AddWithValue("$day", asOf.DayNumber);
        cmd.Parameters.AddWithValue("$known", KnownTicks(knownAt));
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>The codes of the missions aspect's event types, as its declaration lists them (an event added there is counted here too).</summary>
    private static readonly string MissionFactTypes = FactTypes.CodesOf(
        MissionsAspect.Declared.Transitions.Select(t => EventCatalogue.Of(t.EventType).Name));

    /// <summary>How many events of the relationship's stream the read model has applied (revisions 0 to this, less one).</summary>
    public static long EventsApplied(SqliteConnection c, RelationshipKey key)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT events FROM relationships WHERE key = $key";
        cmd.Parameters.AddWithValue("$key", key.ToString());
        return cmd.ExecuteScalar() is long events ? events : 0;
    }

    /// <summary>
    /// Items of one kind visible as of the day whose actor (or counterpart) is the party, one entry per relationship (by key),
    /// each with its items in list order. Not narrowed by a mission's level: a mission below the level asked for may still
    /// answer (possibly lowered), which only the shared definition (<see cref="AcrossRelationships.MissionsAtLeast(string, IEnumerable{Mission}, string, MissionLevel, DateOnly, Func{Mission, Mission?})"/>)
    /// decides; a party has one mission per counterpart. Read through the native statement: a payload's bytes go to the
    /// decoded items as SQLite holds them, and a relationship's key is read once, not once a row (round 51).
    /// </summary>
    public static List<PartyItems<T>> ItemsOfParty<T>(
        SqliteConnection c, ItemKind kind, string column, string party, DateOnly asOf, DateTimeOffset? knownAt)
    {
        using var query = new SqliteStatement(c, ItemsOfPartySql(kind, column));
        query.Bind("$kind", kind.Code);
        query.Bind("$party", party);
        query.Bind("$day", asOf.DayNumber);
        query.Bind("$known", KnownTicks(knownAt));
        var relationships = new List<PartyItems<T>>();
        var rel = 0L;
        while (query.Step())
        {
            // The rows come by key, so each relationship's are together: a new id is the next relationship.
            if (relationships.Count == 0 || query.Int64(0) != rel)
            {
                rel = query.Int64(0);
                relationships.Add(new(query.Text(1), query.Text(2), query.Text(3), []));
            }
            relationships[^1].Items.Add((T)StateItems.Deserialize(kind, query.Utf8(4)));
        }
        return relationships;
    }

    /// <summary>The rows of the party's index (<see cref="PartyIndex"/>), whose condition the query repeats so that SQLite reads it.</summary>
    internal static string ItemsOfPartySql(ItemKind kind, string column) => $"""
        SELECT i.rel_id, r.key, r.first_party, r.second_party, i.payload FROM item_versions i JOIN relationships r ON r.id = i.rel_id
        WHERE i.kind = $kind AND i.{column} = $party AND i.{PartyIndex.Of(kind, column).Condition} AND {Visible}
        ORDER BY r.key, i.ordinal
        """;

    /// <summary>
    /// The partial date whose interval is [first, last] (what <c>effective</c> holds as text, without parsing it):
    /// one day is a day; the first to the last day of a month is that month; else the year.
    /// </summary>
    private static PartialDate DateOf(int firstDay, int lastDay)
    {
        var (first, last) = (DateOnly.FromDayNumber(firstDay), DateOnly.FromDayNumber(lastDay));
        if (first == last) return PartialDate.OfDay(first);
        return first.Month == last.Month && first.Year == last.Year ? PartialDate.OfMonth(first.Year, first.Month) : PartialDate.OfYear(first.Year);
    }

    /// <remarks>A partial date spans at most a year (366 days), so a fact ending on or after D1 starts after D1 - 366: the index range stays the window's.</remarks>
    public static IReadOnlyList<RelationshipChanges> ChangedBetween(SqliteConnection c, DateOnly from, DateOnly to, DateTimeOffset? knownAt)
    {
        // The facts come from the covering index alone, in day order; they are put in the answer's order
        // (relationship key, then timeline order) here: joining and sorting the wide rows in SQLite took
        // four times as long as finding them.
        var keys = new Dictionary<long, string>();
        using (var all = c.CreateCommand())
        {
            all.CommandText = "SELECT id, key FROM relationships";
            using var k = all.ExecuteReader();
            while (k.Read()) keys[k.GetInt64(0)] = k.GetString(1);
        }
        var types = FactTypes.Names(c);
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT f.rel_id, f.event_id, f.type, f.start_day, f.end_day, f.revision, f.recorded_at FROM facts f
            WHERE f.start_day <= $to AND f.start_day >= $from - 366 AND f.end_day >= $from AND f.recorded_from <= $known AND f.superseded_at > $known
            """;
        cmd.Parameters.AddWithValue("$from", from.DayNumber);
        cmd.Parameters.AddWithValue("$to", to.DayNumber);
        cmd.Parameters.AddWithValue("$known", KnownTicks(knownAt));
        var rows = new List<(string Key, int Start, int End, long Revision, ChangeView Change)>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var (start, end) = (r.GetInt32(3), r.GetInt32(4));
                var certain = start >= from.DayNumber && end <= to.DayNumber;
                rows.Add((keys[r.GetInt64(0)], start, end, r.GetInt64(5), new(FactEventId.Read(r, 1), FactTypes.NameOf(types, r, 2), DateOf(start, end),
                    certain ? Certainty.Certain : Certainty.Possible, new DateTimeOffset(r.GetInt64(6), TimeSpan.Zero))));
            }
        }
        rows.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Key, b.Key); // SQLite's BINARY order of the ASCII keys
            if (c != 0) return c;
            c = a.Start.CompareTo(b.Start);
            if (c != 0) return c;
            c = a.End.CompareTo(b.End);
            return c != 0 ? c : a.Revision.CompareTo(b.Revision);
        });
        var result = new List<RelationshipChanges>();
        List<ChangeView>? current = null;
        foreach (var row in rows)
        {
            if (result.Count == 0 || result[^1].Relationship != row.Key)
            {
                current = [];
                result.Add(new(row.Key, current));
            }
            current!.Add(row.Change);
        }
        return result;
    }
}

/// <summary>One relationship's items of a party (<see cref="ReadModelQueries.ItemsOfParty{T}"/>), in list order, named by its key (<c>A~B</c>) and parties.</summary>
internal sealed record PartyItems<T>(string Relationship, string First, string Second, List<T> Items)
{
    /// <summary>The relationship's key, made when asked (a mission's walk back reads more of the relationship; most answers never ask).</summary>
    public RelationshipKey Key => RelationshipKey.Of(First, Second);
}
