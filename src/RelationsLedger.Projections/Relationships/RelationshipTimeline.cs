using System.Collections.Immutable;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Projections.Relationships;

/// <summary>What one new event did to a relationship's rows: rows that no longer hold, and new ones.</summary>
internal sealed class TimelineChange
{
    public List<Segment> SupersededSegments { get; } = [];
    public List<Segment> NewSegments { get; } = [];
    public List<FactRow> SupersededFacts { get; } = [];
    public List<FactRow> NewFacts { get; } = [];
}

/// <summary>
/// One relationship held in memory by the projection. It keeps the recorded events, the current
/// form of each fact (mends applied, as <see cref="Timeline.Resolve"/> would give it), the timeline
/// the state's items are folded from (in effective order), a snapshot of the folded state every
/// <see cref="SnapshotEvery"/> facts, and the current item versions per slot.
/// <para>
/// Applying an event costs what it changes, not the length of the relationship: a mend re-forms
/// only its target; only the facts from the first changed day on are folded again (from the
/// nearest snapshot); only the slots whose item changes at some day from then on (found by
/// comparing consecutive states by reference, and from the stored boundaries) are re-cut.
/// Engagements and statements never go through the fold here: they only add to their own
/// lists, so each is one row, and the state's "latest ten" are picked at query time by index.
/// </para>
/// </summary>
internal sealed class RelationshipTimeline
{
    public const int Forever = int.MaxValue;
    private const int SnapshotEvery = 32;

    public RelationshipKey Key { get; }
    public long RelationshipId { get; }

    private readonly List<Fact> _recorded = [];
    private readonly Dictionary<Guid, Fact> _byId = [];
    private readonly Dictionary<Guid, List<Fact>> _correctionsOf = [];
    private readonly HashSet<Guid> _retracted = [];

    /// <summary>The current fact rows by event id (every fact of the resolved timeline).</summary>
    public Dictionary<Guid, FactRow> FactRows { get; } = [];

    /// <summary>The resolved timeline without engagements and statements, in effective order: what the item slots are folded from.</summary>
    private readonly List<Fact> _timeline = [];
    private readonly List<RelationshipState> _snapshots;
    private RelationshipState _final;

    /// <summary>How many facts of the timeline <see cref="_final"/> is the state after (-1: not a prefix any more).</summary>
    private int _finalCount;

    /// <summary>Current item versions per slot, by day.</summary>
    private readonly Dictionary<(ItemKind, int), List<Segment>> _slots = [];

    /// <summary>For each day where some slot's version starts or ends: those slots (with a count).</summary>
    private readonly Dictionary<int, Dictionary<(ItemKind, int), int>> _boundaries = [];

    public int RecordedCount => _recorded.Count;

    /// <summary>New rows not written yet (written at the end of the batch, if still current).</summary>
    public List<Segment> PendingSegments { get; } = [];

    public List<FactRow> PendingFacts { get; } = [];

    public RelationshipTimeline(RelationshipKey key, long relationshipId)
    {
        (Key, RelationshipId) = (key, relationshipId);
        _final = RelationshipState.Initial(key);
        _snapshots = [_final];
    }

    /// <summary>Every current item version (for writing what is still in memory only).</summary>
    public IEnumerable<Segment> CurrentSegments => _slots.Values.SelectMany(s => s)
        .Concat(FactRows.Values.Where(f => f.Latest is not null).Select(f => f.Latest!));

    /// <summary>Rebuilds the in-memory part from the recorded events and the rows stored for them.</summary>
    public static RelationshipTimeline Restore(
        RelationshipKey key, long id, IEnumerable<Fact> recorded, IEnumerable<(Segment Segment, Guid EventId)> storedSegments,
        IEnumerable<(Guid EventId, long RowId, long RecordedFrom)> storedFacts)
    {
        var t = new RelationshipTimeline(key, id);
        foreach (var f in recorded.OrderBy(f => f.Revision)) t.Record(f);
        var stored = storedFacts.ToDictionary(f => f.EventId);
        var latest = new Dictionary<Guid, Segment>();
        foreach (var (s, eventId) in storedSegments)
        {
            if (IsLatestKind(s.Kind)) latest[eventId] = s;
            else t.AddSegment(s);
        }
        foreach (var s in t._slots.Values) s.Sort((a, b) => a.From.CompareTo(b.From));
        foreach (var eventId in t._byId.Keys)
        {
            if (t.FormOf(eventId) is not { } form) continue;
            var (_, rowId, recordedFrom) = stored[eventId];
            t.FactRows[eventId] = new FactRow(form, recordedFrom) { RowId = rowId, Latest = latest.GetValueOrDefault(eventId) };
            if (!IsLatest(form)) t._timeline.Add(form);
        }
        t._timeline.Sort(Compare);
        t.Refold(0);
        return t;
    }

    public TimelineChange Apply(Fact fact)
    {
        var change = new TimelineChange();
        var at = fact.RecordedAt.UtcTicks;
        Record(fact);
        // The facts whose current form this event may change: itself, or the target of a mend.
        Guid? affected = fact.Event switch
        {
            EntryCorrected c => _retracted.Contains(fact.EventId) ? null : c.Target,
            EntryRetracted r => _byId.TryGetValue(r.Target, out var target) && target.Event is EntryCorrected tc ? tc.Target : r.Target,
            _ => fact.EventId,
        };
        if (affected is not { } eventId) return change;

        var old = FactRows.GetValueOrDefault(eventId);
        var form = FormOf(eventId);
        if (old is null && form is null) return change;
        if (old is not null && form is not null && old.Form.Equals(form)) return change;

        var cutDay = Forever;
        if (old is not null)
        {
            old.Superseded = true;
            FactRows.Remove(eventId);
            change.SupersededFacts.Add(old);
            if (old.Latest is { } latest)
            {
                latest.Superseded = true;
                change.SupersededSegments.Add(latest);
            }
            else
            {
                _timeline.RemoveAt(IndexOf(old.Form));
                _finalCount = -1;
                cutDay = Math.Min(cutDay, Start(old.Form));
            }
        }
        if (form is not null)
        {
            var row = new FactRow(form, at);
            FactRows[eventId] = row;
            change.NewFacts.Add(row);
            if (IsLatest(form))
            {
                row.Latest = LatestSegment(form, at);
                change.NewSegments.Add(row.Latest);
            }
            else
            {
                var at2 = ~IndexOf(form);
                _timeline.Insert(at2, form);
                if (at2 < _finalCount) _finalCount = -1;
                cutDay = Math.Min(cutDay, Start(form));
            }
        }
        if (cutDay != Forever) Recut(cutDay, old is { Latest: null } ? Start(old.Form) : null, at, change);
        return change;
    }

    private void Record(Fact fact)
    {
        _recorded.Add(fact);
        _byId.TryAdd(fact.EventId, fact);
        switch (fact.Event)
        {
            case EntryCorrected c:
                if (!_correctionsOf.TryGetValue(c.Target, out var list)) _correctionsOf[c.Target] = list = [];
                list.Add(fact);
                break;
            case EntryRetracted r:
                _retracted.Add(r.Target);
                break;
        }
    }

    /// <summary>
    /// The current form of a fact, exactly as <see cref="Timeline.Resolve"/> gives it: none when it is
    /// a mend or retracted; else the original with its corrections that are not retracted, in recording order.
    /// </summary>
    private Fact? FormOf(Guid eventId)
    {
        if (!_byId.TryGetValue(eventId, out var fact) || fact.Event is IMendEvent || _retracted.Contains(eventId)) return null;
        if (_correctionsOf.TryGetValue(eventId, out var corrections))
        {
            foreach (var c in corrections)
                if (!_retracted.Contains(c.EventId)) fact = Timeline.Apply((EntryCorrected)c.Event, fact);
        }
        return fact;
    }

    private Segment LatestSegment(Fact form, long at)
    {
        // The domain's own fold makes the item, exactly as the state would hold it.
        var state = Fold.Evolve(RelationshipState.Initial(Key), form);
        var (kind, item) = form.Event is EngagementHeld ? (ItemKind.Engagement, (object)state.Engagements[0]) : (ItemKind.Statement, state.Statements[0]);
        return new Segment(kind, LatestOrdinal(form), item, Start(form), Forever) { RecordedFrom = at };
    }

    /// <summary>The order of the timeline after the first day: last day, then recording order.</summary>
    public static long LatestOrdinal(Fact form) => ((long)form.EffectiveDate.End.DayNumber << 32) | (uint)form.Revision;

    public static bool IsLatestKind(ItemKind kind) => kind is ItemKind.Engagement or ItemKind.Statement;

    private static bool IsLatest(Fact f) => f.Event is EngagementHeld or StatementMade;

    private static int Start(Fact f) => f.EffectiveDate.Start.DayNumber;

    /// <summary>Timeline order (<see cref="Timeline.InEffectiveOrder"/>): first day, last day, recording order.</summary>
    private static int Compare(Fact a, Fact b)
    {
        var c = a.EffectiveDate.Start.DayNumber.CompareTo(b.EffectiveDate.Start.DayNumber);
        if (c != 0) return c;
        c = a.EffectiveDate.End.DayNumber.CompareTo(b.EffectiveDate.End.DayNumber);
        return c != 0 ? c : a.Revision.CompareTo(b.Revision);
    }

    private int IndexOf(Fact f)
    {
        var (lo, hi) = (0, _timeline.Count - 1);
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = Compare(_timeline[mid], f);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return ~lo;
    }

    private int LowerBoundStart(int day)
    {
        var (lo, hi) = (0, _timeline.Count);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Start(_timeline[mid]) < day) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>The state after the first <paramref name="count"/> facts of the timeline, from the nearest snapshot.</summary>
    private RelationshipState StateAt(int count)
    {
        if (count == _finalCount) return _final;
        var k = Math.Min(count / SnapshotEvery, _snapshots.Count - 1);
        var s = _snapshots[k];
        for (var i = k * SnapshotEvery; i < count; i++) s = Fold.Evolve(s, _timeline[i]);
        return s;
    }

    /// <summary>
    /// Folds again from the first fact on or after <paramref name="fromDay"/> (the state before it is
    /// unchanged), keeping the snapshots, and reports each day's changes (slot, new item or null).
    /// </summary>
    private List<(int Day, (ItemKind, int) Slot, object? Item)> Refold(int fromDay)
    {
        var changes = new List<(int, (ItemKind, int), object?)>();
        var start = LowerBoundStart(fromDay);
        var prev = StateAt(start);
        if (_snapshots.Count > start / SnapshotEvery + 1) _snapshots.RemoveRange(start / SnapshotEvery + 1, _snapshots.Count - start / SnapshotEvery - 1);
        var state = prev;
        var i = start;
        while (i < _timeline.Count)
        {
            var day = Start(_timeline[i]);
            while (i < _timeline.Count && Start(_timeline[i]) == day)
            {
                state = Fold.Evolve(state, _timeline[i]);
                i++;
                if (i % SnapshotEvery == 0) _snapshots.Add(state);
            }
            Diff(prev, state, (slot, item) => changes.Add((day, slot, item)));
            prev = state;
        }
        (_final, _finalCount) = (state, _timeline.Count);
        return changes;
    }

    /// <summary>
    /// Re-cuts the item versions from <paramref name="cutDay"/> on (nothing before it changed). A slot is
    /// looked at only if its item changes on some day from then on, before or after the event; its
    /// versions from the cut on are compared with the new ones, the same ones kept, the others superseded.
    /// </summary>
    private void Recut(int cutDay, int? removedDay, long at, TimelineChange change)
    {
        var before = StateAt(LowerBoundStart(cutDay)); // as of the day before the cut: unchanged
        var changes = Refold(cutDay);
        var touched = new HashSet<(ItemKind, int)>();
        foreach (var (_, slot, _) in changes) touched.Add(slot);
        void OldBoundaries(int day)
        {
            if (_boundaries.TryGetValue(day, out var slots)) touched.UnionWith(slots.Keys);
        }
        OldBoundaries(cutDay);
        if (removedDay is { } r) OldBoundaries(r);
        for (var i = LowerBoundStart(cutDay); i < _timeline.Count; i++)
            if (i == 0 || Start(_timeline[i]) != Start(_timeline[i - 1])) OldBoundaries(Start(_timeline[i]));

        var bySlot = changes.ToLookup(c => c.Slot);
        foreach (var slot in touched)
        {
            // The slot's values from the cut on: as before the cut, then each day's change.
            var runs = new List<(int From, int To, object Item)>();
            var segments = _slots.GetValueOrDefault(slot) ?? [];
            var first = 0;
            while (first < segments.Count && segments[first].To < cutDay) first++;
            if (first < segments.Count && segments[first].From < cutDay) runs.Add((segments[first].From, cutDay, segments[first].Item));
            var value = ValueIn(before, slot);
            var day = cutDay;
            foreach (var (changeDay, _, item) in bySlot[slot])
            {
                if (changeDay > day && value is not null) Extend(runs, day, changeDay, value);
                (day, value) = (Math.Max(day, changeDay), item);
            }
            if (value is not null) Extend(runs, day, Forever, value);

            // Keep the versions that are the same; supersede the others; add the new ones.
            var kept = new List<Segment>(segments.Take(first));
            var old = segments.Skip(first).ToList();
            foreach (var (from, to, item) in runs)
            {
                var same = old.FindIndex(o => o.From == from && o.To == to && o.Item.Equals(item));
                if (same >= 0)
                {
                    kept.Add(old[same]);
                    old.RemoveAt(same);
                    continue;
                }
                var fresh = new Segment(slot.Item1, slot.Item2, item, from, to) { RecordedFrom = at };
                kept.Add(fresh);
                change.NewSegments.Add(fresh);
                Boundary(fresh, +1);
            }
            foreach (var o in old)
            {
                o.Superseded = true;
                change.SupersededSegments.Add(o);
                Boundary(o, -1);
            }
            if (kept.Count == 0) _slots.Remove(slot); else _slots[slot] = kept;
        }
    }

    private static void Extend(List<(int From, int To, object Item)> runs, int from, int to, object item)
    {
        if (runs.Count > 0 && runs[^1].To == from && runs[^1].Item.Equals(item)) runs[^1] = (runs[^1].From, to, item);
        else runs.Add((from, to, item));
    }

    private void AddSegment(Segment s)
    {
        if (!_slots.TryGetValue(s.Slot, out var list)) _slots[s.Slot] = list = [];
        list.Add(s);
        Boundary(s, +1);
    }

    private void Boundary(Segment s, int delta)
    {
        Count(s.From, s.Slot, delta);
        if (s.To != Forever) Count(s.To, s.Slot, delta);
    }

    private void Count(int day, (ItemKind, int) slot, int delta)
    {
        if (!_boundaries.TryGetValue(day, out var slots)) _boundaries[day] = slots = [];
        var n = slots.GetValueOrDefault(slot) + delta;
        if (n == 0) slots.Remove(slot); else slots[slot] = n;
        if (slots.Count == 0) _boundaries.Remove(day);
    }

    private static object? ValueIn(RelationshipState s, (ItemKind Kind, int Ordinal) slot) => slot.Kind switch
    {
        ItemKind.Relations => s.Relations,
        ItemKind.Recognition => At(s.Recognitions, slot.Ordinal),
        ItemKind.Designation => At(s.Designations, slot.Ordinal),
        ItemKind.Ambassador => At(s.Ambassadors, slot.Ordinal),
        ItemKind.Nomination => At(s.Nominations, slot.Ordinal),
        ItemKind.Mission => At(s.Missions, slot.Ordinal),
        ItemKind.Sanctions => At(s.Sanctions, slot.Ordinal),
        ItemKind.Agreement => At(s.Agreements, slot.Ordinal),
        ItemKind.Pledge => At(s.Pledges, slot.Ordinal),
        ItemKind.Project => At(s.Projects, slot.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(slot), slot.Kind, null),
    };

    private static object? At<T>(ImmutableList<T> list, int index) where T : class => index < list.Count ? list[index] : null;

    /// <summary>The slots whose item differs between two states (engagements and statements are not slots).</summary>
    private static void Diff(RelationshipState a, RelationshipState b, Action<(ItemKind, int), object?> changed)
    {
        if (ReferenceEquals(a, b)) return;
        if (!Equals(a.Relations, b.Relations)) changed((ItemKind.Relations, 0), b.Relations);
        DiffList(ItemKind.Recognition, a.Recognitions, b.Recognitions, changed);
        DiffList(ItemKind.Designation, a.Designations, b.Designations, changed);
        DiffList(ItemKind.Ambassador, a.Ambassadors, b.Ambassadors, changed);
        DiffList(ItemKind.Nomination, a.Nominations, b.Nominations, changed);
        DiffList(ItemKind.Mission, a.Missions, b.Missions, changed);
        DiffList(ItemKind.Sanctions, a.Sanctions, b.Sanctions, changed);
        DiffList(ItemKind.Agreement, a.Agreements, b.Agreements, changed);
        DiffList(ItemKind.Pledge, a.Pledges, b.Pledges, changed);
        DiffList(ItemKind.Project, a.Projects, b.Projects, changed);
    }

    private static void DiffList<T>(ItemKind kind, ImmutableList<T> a, ImmutableList<T> b, Action<(ItemKind, int), object?> changed) where T : class
    {
        if (ReferenceEquals(a, b)) return;
        using var ea = a.GetEnumerator();
        using var eb = b.GetEnumerator();
        for (var i = 0; ; i++)
        {
            var (hasA, hasB) = (ea.MoveNext(), eb.MoveNext());
            if (!hasA && !hasB) return;
            var (x, y) = (hasA ? ea.Current : null, hasB ? eb.Current : null);
            if (ReferenceEquals(x, y) || (x is not null && x.Equals(y))) continue;
            changed((kind, i), y);
        }
    }
}
