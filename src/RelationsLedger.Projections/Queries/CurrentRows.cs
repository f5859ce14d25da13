using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Projections.Queries;

/// <summary>
/// The rows never superseded of the relationships asked about, held in memory by a process that answers many questions
/// (<c>ledger serve</c>): a relationship's state "now" as of any day is picked from them as the SQL of
/// <see cref="ReadModelQueries.StateAsOf"/> picks it from the file. Held rows answer only while the file holds what they
/// were read from: their stamp — the read model's <c>generation</c> token, drawn anew whenever its tables are made (a
/// rebuild, a read model made again for another ledger or another history), and the relationship's row id and counters
/// (events, the last one's position and recorded-at), which every event applied to the relationship moves — is read
/// with every question and compared. A relationship is read whole on its second question at one stamp, so one written
/// to between questions costs what it did. Bounded: past <see cref="Limit"/> rows the least recently asked are dropped.
/// </summary>
internal sealed class CurrentRows
{
    /// <summary>Rows held at most (RU~US of the 1M benchmark ledger has 13,559; ~50 bytes each, ~40 more for a tenure's views array, plus the items and the views made).</summary>
    public const int Limit = 100_000;

    private const string StampSql = """
        SELECT r.id, r.events, r.last_position, r.last_recorded_at, g.token FROM relationships r, generation g WHERE r.key = $key
        """;

    private static readonly string RowsSql =
        $"SELECT id, kind, ordinal, valid_from, valid_to, payload FROM item_versions WHERE rel_id = $rel AND superseded_at = {Schema.NotSuperseded}";

    private readonly ConcurrentDictionary<RelationshipKey, Entry> _entries = new();
    private long _clock;
    private int _held;

    /// <summary>Answers given from held rows (for tests: that the rows are used at all).</summary>
    public long Hits => Interlocked.Read(ref _hits);
    private long _hits;

    /// <summary>
    /// The view's sections of <paramref name="key"/>'s state as of <paramref name="asOf"/>, as known now: from held rows when
    /// their stamp is the file's, made from the items' views without a state between (no immutable lists to build and drop).
    /// </summary>
    public StateSections SectionsAsOf(SqliteConnection connection, RelationshipKey key, DateOnly asOf)
    {
        if (ReadStamp(connection, key) is not { } stamp) return FromFile(connection, key, asOf);
        if (!_entries.TryGetValue(key, out var entry) || entry.Stamp != stamp)
        {
            // First question at this stamp: answered from the file as before; the rows are read on the next one.
            _entries[key] = new Entry(stamp, null, Interlocked.Increment(ref _clock));
            return FromFile(connection, key, asOf);
        }
        var rows = entry.Rows;
        if (rows is null) rows = Load(connection, key, stamp);
        else
        {
            entry.Used = Interlocked.Increment(ref _clock);
            Interlocked.Increment(ref _hits);
        }
        return StateSections.OfViews(rows.Visible(asOf));
    }

    private static StateSections FromFile(SqliteConnection connection, RelationshipKey key, DateOnly asOf) =>
        StateSections.Of(ReadModelQueries.StateAsOf(connection, key, asOf, null), asOf);

    /// <summary>The relationship's stamp; null when it has no row, or the file has no <c>generation</c> (a read model that could not be written to since).</summary>
    private static Stamp? ReadStamp(SqliteConnection connection, RelationshipKey key)
    {
        SqliteStatement query;
        try
        {
            query = new SqliteStatement(connection, StampSql);
        }
        catch (SqliteException)
        {
            return null;
        }
        using (query)
        {
            query.Bind("$key", key.ToString());
            if (!query.Step()) return null;
            return new Stamp(query.Int64(4), query.Int64(0), query.Int64(1), System.Text.Encoding.UTF8.GetString(query.Utf8(2)), query.Int64(3));
        }
    }

    /// <summary>
    /// Reads the relationship's current rows, of the stamp <paramref name="expected"/> read in the same snapshot (the answer's,
    /// <see cref="ReadModelSnapshot"/>: the only caller's), and holds them.
    /// </summary>
    private Rows Load(SqliteConnection connection, RelationshipKey key, Stamp expected)
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0)
            throw new InvalidOperationException("Held rows are read in the answer's snapshot, with the stamp they are held at.");
        var slots = new List<Row>();
        var latest = new List<Row>?[RelationshipModel.SlotCount];
        using (var query = new SqliteStatement(connection, RowsSql))
        {
            query.Bind("$rel", expected.Rel);
            while (query.Step())
            {
                var kind = RelationshipModel.KindOf(query.Int32(1));
                var row = new Row(kind, query.Int64(2), query.Int32(3), query.Int32(4), query.Int64(0), StateItems.Deserialize(kind, query.Utf8(5)));
                if (kind.Shape == KindShape.Latest) (latest[kind.Code] ??= []).Add(row);
                else slots.Add(row);
            }
        }
        var rows = new Rows(slots, latest);
        if (rows.Count > Limit) return rows; // answers this question; never held
        _entries[key] = new Entry(expected, rows, Interlocked.Increment(ref _clock));
        if (Interlocked.Add(ref _held, rows.Count) > Limit) Evict();
        return rows;
    }

    /// <summary>Drops the least recently asked relationships' rows until what is held is within <see cref="Limit"/>.</summary>
    private void Evict()
    {
        lock (_entries)
        {
            var held = _entries.Where(e => e.Value.Rows is not null).OrderBy(e => e.Value.Used).ToList();
            var total = held.Sum(e => e.Value.Rows!.Count);
            foreach (var (key, entry) in held)
            {
                if (total <= Limit) break;
                if (((ICollection<KeyValuePair<RelationshipKey, Entry>>)_entries).Remove(new(key, entry))) total -= entry.Rows!.Count;
            }
            Volatile.Write(ref _held, total);
        }
    }

    private readonly record struct Stamp(long Generation, long Rel, long Events, string LastPosition, long LastRecordedAt);

    private sealed class Entry(Stamp stamp, Rows? rows, long used)
    {
        public Stamp Stamp { get; } = stamp;
        public Rows? Rows { get; } = rows;
        public long Used { get; set; } = used;
    }

    /// <param name="Ordinal">The stored ordinal (for the latest kinds a 64-bit sort key; their place in the list is counted instead).</param>
    /// <param name="Views">
    /// A tenure's views as of a day, made once per certainty (<see cref="Certainty"/>): the view of a tenure depends on the day
    /// only through how certain its status is then (<see cref="ItemView{T}.Of"/>), and a view is immutable, so answers share
    /// them instead of making ~2,000 anew per question on RU~US. Null for the other shapes: a latest item's view and the single item's (relations),
    /// each with its certainty, are small views made a question.
    /// </param>
    private readonly record struct Row(ItemKind Kind, long Ordinal, int ValidFrom, int ValidTo, long Id, object Item, object?[]? Views)
    {
        public Row(ItemKind kind, long ordinal, int validFrom, int validTo, long id, object item)
            : this(kind, ordinal, validFrom, validTo, id, item, kind.Shape == KindShape.Tenures ? new object?[CertaintyCount] : null)
        {
        }

        private static readonly int CertaintyCount = Enum.GetValues<Certainty>().Length;

        /// <summary>Whether the row holds on day number <paramref name="d"/>: from its first day, up to (not including) its last.</summary>
        public bool HoldsOn(int d) => ValidFrom <= d && ValidTo > d;

        public object ViewOn(DateOnly day)
        {
            if (Views is null) return Kind.ViewOf(Item, day);
            var certainty = (int)((ITenure)Item).CertaintyAsOf(day);
            return Views[certainty] ??= Kind.ViewOf(Item, day);
        }
    }

    private sealed class Rows
    {
        private readonly Row[] _slots;
        private readonly (ItemKind Kind, int Start, int End)[] _slotKinds;
        private readonly (ILatestKind Kind, Row[] Rows)[] _latest;

        public Rows(List<Row> slots, List<Row>?[] latest)
        {
            // In (kind, ordinal) order, the state's list order within a kind; each kind's rows a range of their own.
            _slots = [.. slots.OrderBy(r => r.Kind.Code).ThenBy(r => r.Ordinal).ThenBy(r => r.ValidFrom)];
            var ranges = new List<(ItemKind, int, int)>();
            for (var start = 0; start < _slots.Length;)
            {
                var end = start;
                while (end < _slots.Length && _slots[end].Kind == _slots[start].Kind) end++;
                ranges.Add((_slots[start].Kind, start, end));
                start = end;
            }
            _slotKinds = [.. ranges];
            // The latest kinds (in code order) with their rows in the order the SQL reads them backwards: (first day, ordinal), then row id.
            _latest = RelationshipModel.Kinds.OfType<ILatestKind>()
                .Select(k => (k, latest[k.Code] is { } l ? [.. l.OrderBy(r => r.ValidFrom).ThenBy(r => r.Ordinal).ThenBy(r => r.Id)] : Array.Empty<Row>()))
                .ToArray();
            Count = _slots.Length + _latest.Sum(l => l.Rows.Length);
        }

        public int Count { get; }

        /// <summary>
        /// The views (<see cref="ItemKind.ViewOf"/>) of the items as of <paramref name="day"/>, by kind code, in list order: the
        /// slot kinds' rows holding on the day; for each latest kind the last <see cref="ILatestKind.Keep"/> rows holding on
        /// the day by (first day, ordinal), in that order.
        /// </summary>
        public (int Count, IEnumerable<object>? Views)[] Visible(DateOnly day)
        {
            var d = day.DayNumber;
            var views = new (int, IEnumerable<object>?)[RelationshipModel.SlotCount];
            foreach (var (kind, start, end) in _slotKinds)
            {
                // Counted first, so that each kind's section is one list of its size, filled straight from the rows (RU~US:
                // ~2,100 items a question).
                var count = 0;
                for (var i = start; i < end; i++)
                    if (_slots[i].HoldsOn(d)) count++;
                if (count > 0) views[kind.Code] = (count, HoldingOn(start, end, day));
            }
            foreach (var (kind, rows) in _latest)
            {
                var picked = new List<object>(kind.Keep);
                for (var i = LastStartingBy(rows, d); i >= 0 && picked.Count < kind.Keep; i--)
                    if (rows[i].HoldsOn(d)) picked.Add(rows[i].ViewOn(day));
                picked.Reverse();
                views[kind.Code] = (picked.Count, picked);
            }
            return views;
        }

        /// <summary>The views of the slot rows in [<paramref name="start"/>, <paramref name="end"/>) holding on <paramref name="day"/>, in order.</summary>
        private IEnumerable<object> HoldingOn(int start, int end, DateOnly day)
        {
            var d = day.DayNumber;
            for (var i = start; i < end; i++)
                if (_slots[i].HoldsOn(d)) yield return _slots[i].ViewOn(day);
        }

        /// <summary>The index of the last row whose first day is on or before <paramref name="d"/> (-1: none).</summary>
        private static int LastStartingBy(Row[] rows, int d)
        {
            var (lo, hi) = (0, rows.Length);
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (rows[mid].ValidFrom <= d) lo = mid + 1; else hi = mid;
            }
            return lo - 1;
        }
    }
}
