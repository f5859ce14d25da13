using System.Runtime.InteropServices;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// What one new event did to a relationship's rows: rows that no longer hold, and new ones. One is filled again by each
/// <see cref="RelationshipTimeline.Apply"/> (its reader takes the rows before the next event): four lists an event, and their
/// growth, were a rebuild's allocation of the projection's own.
/// </summary>
internal sealed class RowChange
{
    public void Clear()
    {
        SupersededSegments.Clear();
        NewSegments.Clear();
        SupersededFacts.Clear();
        NewFacts.Clear();
    }

    public List<Segment> SupersededSegments { get; } = [];
    public List<Segment> NewSegments { get; } = [];
    public List<FactRow> SupersededFacts { get; } = [];
    public List<FactRow> NewFacts { get; } = [];
}

/// <summary>
/// One relationship held in memory by the projection. Its facts go through the domain's timeline
/// engine (<see cref="Timeline"/>: mends applied, effective order); the facts the item slots are
/// folded from are kept aspect by aspect (<see cref="AspectFold"/>: an aspect's transitions read and
/// change only its own kinds), each with snapshots of its folded state, beside the current item
/// versions per slot.
/// <para>
/// Applying an event costs what it changes, not the length of the relationship: a mend re-forms
/// only its target; only the facts of the aspect it changes, from the first changed day on, are folded
/// again (from the nearest snapshot), until the aspect's state meets the old one past every changed day
/// (<see cref="AspectFold.Refold"/>); only that aspect's slots whose item changes at some day in between
/// (found by comparing consecutive states by reference, and from the stored boundaries) are re-cut, and
/// only there: their versions from the meeting day on stay.
/// Facts that add one of the latest items of a kind (engagements, statements) never go through the
/// fold here: they only add to their own lists, so each is one row, and the state's "latest ten"
/// are picked at query time.
/// </para>
/// </summary>
internal sealed class RelationshipTimeline
{
    public const int Forever = int.MaxValue;

    public RelationshipKey Key { get; }
    /// <summary>Its row's id; set once the row is written when the timeline was folded ahead of it (<see cref="StreamFoldAhead"/>).</summary>
    public long RelationshipId { get; set; }

    private readonly Timeline _engine;

    /// <summary>The relationship's empty state, which every latest-kind fact is folded onto alone (immutable: made once).</summary>
    private RelationshipState? _initial;

    /// <summary>The current fact rows by event id (every fact of the resolved timeline).</summary>
    public Dictionary<Guid, FactRow> FactRows { get; } = new(RandomisedIds.Comparer);

    /// <summary>The facts the item slots are folded from (the resolved timeline without the latest-kind facts), by aspect; null: none yet.</summary>
    private readonly AspectFold?[] _aspects = new AspectFold?[RelationshipModel.Aspects.Count];

    /// <summary>Current item versions per slot (kind code, ordinal), by day.</summary>
    private readonly Dictionary<(int, int), List<Segment>> _slots = [];

    public int RecordedCount => _engine.RecordedCount;

    /// <summary>The facts its aspects folded again so far (<see cref="AspectFold.RefoldSteps"/>), counted for tests and benchmarks.</summary>
    public long RefoldSteps => _aspects.Sum(a => a?.RefoldSteps ?? 0);

    /// <summary>The slots' versions taken out to be cut again so far (kept when the same, superseded when not): what a mend re-cuts, counted.</summary>
    public long RecutVersions { get; private set; }

    /// <summary>The hash of the last of the ledger's events applied (null: none), which the stream's next one chains onto.</summary>
    public string? HeadHash { get; set; }

    /// <summary>What its facts cost the memory that holds it, by <see cref="Application.Storage.HeldSize.InReadModel"/>: the projection's bound counts it.</summary>
    public long HeldBytes { get; set; }

    /// <summary>New rows not written yet (written at the end of the batch, if still current).</summary>
    public List<Segment> PendingSegments { get; } = [];

    public List<FactRow> PendingFacts { get; } = [];

    public RelationshipTimeline(RelationshipKey key, long relationshipId) : this(key, relationshipId, new Timeline(folds: e => !IsLatest(e)))
    {
    }

    private RelationshipTimeline(RelationshipKey key, long relationshipId, Timeline engine) => (Key, RelationshipId, _engine) = (key, relationshipId, engine);

    /// <summary>The aspects it holds facts of, for tests that look at their folds.</summary>
    internal IEnumerable<AspectFold> Aspects => _aspects.OfType<AspectFold>();

    private AspectFold AspectOf(Fact form) => AspectAt(RelationshipModel.AspectIndexOf(form.Event));

    private AspectFold AspectAt(int index) => _aspects[index] ??= new AspectFold(Key, index);

    private AspectFold AspectOf((int Code, int) slot) => AspectAt(RelationshipModel.AspectIndexOf(slot.Code));

    /// <summary>Every current item version (for writing what is still in memory only).</summary>
    public IEnumerable<Segment> CurrentSegments => _slots.Values.SelectMany(s => s)
        .Concat(FactRows.Values.Where(f => f.Latest is not null).Select(f => f.Latest!));

    /// <summary>Rebuilds the in-memory part from the recorded events and the rows stored for them.</summary>
    public static RelationshipTimeline Restore(
        RelationshipKey key, long id, IEnumerable<Fact> recorded, IEnumerable<(Segment Segment, Guid EventId)> storedSegments,
        IEnumerable<(Guid EventId, long RowId, long RecordedFrom)> storedFacts)
    {
        var t = new RelationshipTimeline(key, id, Timeline.Of(recorded, folds: e => !IsLatest(e)));
        foreach (var form in t._engine.Ordered) t.AspectOf(form).Folded.Add(form);
        var stored = storedFacts.ToDictionary(f => f.EventId, RandomisedIds.Comparer);
        var latest = new Dictionary<Guid, Segment>(RandomisedIds.Comparer);
        foreach (var (s, eventId) in storedSegments)
        {
            if (s.Kind.Shape == KindShape.Latest) latest[eventId] = s;
            else t.AddSegment(s);
        }
        foreach (var s in t._slots.Values) s.Sort((a, b) => a.From.CompareTo(b.From));
        foreach (var form in t._engine.Forms)
        {
            var (_, rowId, recordedFrom) = stored[form.EventId];
            t.FactRows[form.EventId] = new FactRow(form, recordedFrom) { RowId = rowId, Latest = latest.GetValueOrDefault(form.EventId) };
        }
        foreach (var aspect in t._aspects) aspect?.Refold(0);
        return t;
    }

    /// <summary>
    /// Folds one of the ledger's events of the relationship in: its fact applied (<paramref name="change"/> told what it did to the
    /// rows), the hash its next event chains onto, and what it adds to the memory that holds the timeline, which is returned. The
    /// projection applying an event and a bulk load's decoder folding it ahead (<see cref="StreamFoldAhead"/>) take these steps here,
    /// in this order: a fold of one that differed from the other's would give the rebuild other rows than a catch-up.
    /// </summary>
    public long FoldIn(LedgerEvent e, RowChange change)
    {
        Apply(e.ToFact(), change);
        HeadHash = e.Envelope.Hash;
        var size = HeldSize.InReadModel(e);
        HeldBytes += size;
        return size;
    }

    /// <summary>Applies a fact, <paramref name="change"/> (emptied first) told what it did to the rows.</summary>
    public RowChange Apply(Fact fact, RowChange change)
    {
        change.Clear();
        var at = fact.RecordedAt.UtcTicks;
        var moved = _engine.Record(fact);
        if (moved.IsNone) return change;
        var eventId = (moved.Removed ?? moved.Added)!.EventId;

        var old = FactRows.GetValueOrDefault(eventId);
        AspectFold? removedFrom = null, addedTo = null;
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
                removedFrom = AspectOf(old.Form);
                removedFrom.Remove(old.Form);
            }
        }
        var addedAt = -1;
        if (moved.Added is { } form)
        {
            var row = new FactRow(form, at);
            FactRows[eventId] = row;
            change.NewFacts.Add(row);
            if (IsLatest(form.Event))
            {
                row.Latest = LatestSegment(form, at);
                change.NewSegments.Add(row.Latest);
            }
            else
            {
                addedTo = AspectOf(form);
                addedAt = addedTo.Insert(form);
            }
        }
        // Only the aspects the fact left or joined change (a correction may give a fact another type, and so another aspect).
        if (removedFrom is not null)
        {
            var cutDay = Start(old!.Form);
            if (addedTo == removedFrom) cutDay = Math.Min(cutDay, Start(moved.Added!));
            Recut(removedFrom, cutDay, Start(old.Form), at, change);
        }
        if (addedTo is not null && addedTo != removedFrom)
        {
            if (addedAt == addedTo.Folded.Count - 1 && addedTo.LacksOnlyTheLast) Append(addedTo, at, change);
            else Recut(addedTo, Start(moved.Added!), null, at, change);
        }
        return change;
    }

    /// <summary>
    /// A fact that lands last among its aspect's facts (none of them after it, nothing removed) changes only the slots its own
    /// transition changes, on its first day, which is the aspect's last: folded onto the aspect's current state alone. A recut from its day would fold again
    /// every fact of that day and re-cut every slot with a boundary there — for facts sharing one day (a month or a year:
    /// what sources often give) each costs more than the last: 200 designations of one month caught up in 2.4 s at 800
    /// facts of that month, against 24 ms when a day apart (round 25 of issue #16).
    /// </summary>
    private void Append(AspectFold aspect, long at, RowChange change)
    {
        var day = Start(aspect.Folded[^1]);
        var before = aspect.StateBefore(day); // as of the day before it: unchanged
        var (previous, state) = aspect.FoldLast();
        var changes = _appended;
        changes.Clear();
        aspect.Diff(previous, state, day, changes);
        var touched = Touched();
        foreach (var (_, slot, _) in changes) touched.Add(slot);
        RecutSlots(aspect, day, Forever, before, changes, touched, at, change);
    }

    // Filled again by every fact (Append's changes, the slots a fact touches, a slot's runs): a list, a set and their arrays
    // made for each event of a rebuild were ~6 % of the bytes it allocated (round 47 of issue #16). Each is emptied before use
    // and read only before the next fact.
    private readonly List<(int Day, (int, int) Slot, object? Item)> _appended = [];
    private readonly HashSet<(int, int)> _touched = [];
    private readonly List<(int From, int To, object Item)> _runs = [];

    private HashSet<(int, int)> Touched()
    {
        _touched.Clear();
        return _touched;
    }

    /// <summary>The item a latest-kind fact adds, made by the domain's own transition, exactly as the state would hold it.</summary>
    private Segment LatestSegment(Fact form, long at)
    {
        var kind = RelationshipModel.TransitionOf(form.Event).Latest!;
        var item = kind.ItemsIn(Fold.Evolve(_initial ??= RelationshipState.Initial(Key), form))[0];
        return new Segment(kind, LatestOrdinal(form), item, Start(form), Forever) { RecordedFrom = at };
    }

    /// <summary>The order of the timeline after the first day: last day, then recording order.</summary>
    public static long LatestOrdinal(Fact form) => ((long)form.EffectiveDate.End.DayNumber << 32) | (uint)form.Revision;

    /// <summary>Whether the event only adds one of the latest items of a kind (an engagement, a statement).</summary>
    public static bool IsLatest(IRelationshipEvent e) => RelationshipModel.TransitionOf(e).Latest is not null;

    private static int Start(Fact f) => AspectFold.Start(f);

    /// <summary>
    /// Re-cuts the item versions of one aspect's slots from <paramref name="cutDay"/> on (nothing before it changed, and
    /// nothing of the other aspects) until the day the refold met the old states (from it on nothing changed either). A slot
    /// is looked at only if its item changes on some day in between, before or after the event; its versions there are
    /// compared with the new ones, the same ones kept, the others superseded.
    /// </summary>
    private void Recut(AspectFold aspect, int cutDay, int? removedDay, long at, RowChange change)
    {
        var before = aspect.StateBefore(cutDay); // as of the day before the cut: unchanged
        var (changes, until) = aspect.Refold(cutDay);
        var touched = Touched();
        foreach (var (_, slot, _) in changes) touched.Add(slot);
        void OldBoundaries(int day)
        {
            if (aspect.Boundaries.TryGetValue(day, out var slots)) touched.UnionWith(slots.Keys);
        }
        OldBoundaries(cutDay);
        if (removedDay is { } r) OldBoundaries(r);
        // Old versions start and end only on days facts start (the removed fact's among them), and none changed from `until` on.
        var folded = aspect.Folded;
        for (var i = aspect.FirstOnOrAfter(cutDay); i < folded.Count && Start(folded[i]) < until; i++)
            if (i == 0 || Start(folded[i]) != Start(folded[i - 1])) OldBoundaries(Start(folded[i]));

        RecutSlots(aspect, cutDay, until, before, changes, touched, at, change);
    }

    /// <summary>
    /// The versions of each <paramref name="touched"/> slot from <paramref name="cutDay"/> until <paramref name="until"/>, made
    /// again from its value in <paramref name="before"/> (the state before the cut) and each day's <paramref name="changes"/>;
    /// the same ones kept. From <paramref name="until"/> on the slot's item is the old one every day, so its versions starting
    /// then or later stay, and the one holding on the day before <paramref name="until"/> (which holds that same item) keeps
    /// its end.
    /// </summary>
    private void RecutSlots(AspectFold aspect, int cutDay, int until, RelationshipState before, List<(int Day, (int, int) Slot, object? Item)> changes,
        HashSet<(int, int)> touched, long at, RowChange change)
    {
        var bySlot = _changesBySlot;
        bySlot.Index(changes);
        foreach (var slot in touched)
        {
            // The slot's values from the cut on: as before the cut, then each day's change.
            var runs = _runs;
            runs.Clear();
            // A slot's versions are in day order and do not overlap: those that start from `until` on are a suffix, those that
            // end before the cut a prefix; the re-cut ones lie between, found from `until` back (a fact landing last cuts at the end).
            var segments = _slots.GetValueOrDefault(slot) ?? [];
            var end = until == Forever ? segments.Count : FirstFrom(segments, until);
            var first = end;
            while (first > 0 && segments[first - 1].To >= cutDay) first--;
            if (first < end && segments[first].From < cutDay) runs.Add((segments[first].From, cutDay, segments[first].Item));
            var value = ValueIn(before, slot);
            var day = cutDay;
            for (var c = bySlot.First(slot); c != ChangesBySlot.None; c = bySlot.Next(c))
            {
                var (changeDay, _, item) = changes[c];
                if (changeDay > day && value is not null) Extend(runs, day, changeDay, value);
                (day, value) = (Math.Max(day, changeDay), item);
            }
            var last = until == Forever ? Forever : EndOfHeld(segments, end, until - 1, slot, value);
            if (value is not null) Extend(runs, day, last, value);

            // Keep the versions that are the same; supersede the others; add the new ones. Only the versions between the cut
            // and `until` are taken out and made again (a long relationship's slot may have thousands of versions, and a copy
            // of them all for every fact it touched was a rebuild's largest allocation of the projection's own).
            var old = _old;
            old.Clear();
            old.AddRange(CollectionsMarshal.AsSpan(segments)[first..end]);
            RecutVersions += old.Count;
            var made = _made;
            made.Clear();
            foreach (var (from, to, item) in runs)
            {
                var same = IndexOfSame(old, from, to, item);
                if (same >= 0)
                {
                    made.Add(old[same]);
                    old.RemoveAt(same);
                    continue;
                }
                var fresh = new Segment(RelationshipModel.KindOf(slot.Item1), slot.Item2, item, from, to) { RecordedFrom = at };
                made.Add(fresh);
                change.NewSegments.Add(fresh);
                Boundary(aspect, fresh, +1);
            }
            foreach (var o in old)
            {
                o.Superseded = true;
                change.SupersededSegments.Add(o);
                Boundary(aspect, o, -1);
            }
            segments.RemoveRange(first, end - first);
            segments.InsertRange(first, made);
            if (segments.Count == 0) _slots.Remove(slot); else _slots[slot] = segments;
        }
    }

    // The versions a slot's re-cut makes or keeps, and the old ones it took out (a list made for each slot of each fact
    // before, GetRange's), filled again for every slot (see _runs); the fold's changes by slot, indexed again for every fact.
    private readonly List<Segment> _made = [];
    private readonly List<Segment> _old = [];
    private readonly ChangesBySlot _changesBySlot = new();

    /// <summary>The place of the first version that starts on or after <paramref name="day"/> (versions are in day order).</summary>
    private static int FirstFrom(List<Segment> versions, int day)
    {
        var (lo, hi) = (0, versions.Count);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (versions[mid].From < day) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// The end of the version among the first <paramref name="end"/> that holds on <paramref name="day"/>, the day before the
    /// refold met the old state: it holds <paramref name="item"/>, that state's item (and none holds when that is null).
    /// </summary>
    private static int EndOfHeld(List<Segment> versions, int end, int day, (int, int) slot, object? item)
    {
        var held = end > 0 && versions[end - 1].To > day ? versions[end - 1] : null;
        if (!Equals(held?.Item, item))
            throw new InvalidOperationException($"The read model's versions of slot {slot} do not hold on day {day} the item of the state its refold met there.");
        return held?.To ?? Forever;
    }

    /// <summary>Where a version with these days and this item is among <paramref name="versions"/> (-1: none).</summary>
    private static int IndexOfSame(List<Segment> versions, int from, int to, object item)
    {
        for (var i = 0; i < versions.Count; i++)
            if (versions[i].From == from && versions[i].To == to && versions[i].Item.Equals(item)) return i;
        return -1;
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
        Boundary(AspectOf(s.Slot), s, +1);
    }

    private static void Boundary(AspectFold aspect, Segment s, int delta)
    {
        Count(aspect.Boundaries, s.From, s.Slot, delta);
        if (s.To != Forever) Count(aspect.Boundaries, s.To, s.Slot, delta);
    }

    private static void Count(Dictionary<int, Dictionary<(int, int), int>> boundaries, int day, (int, int) slot, int delta)
    {
        if (!boundaries.TryGetValue(day, out var slots)) boundaries[day] = slots = [];
        var n = slots.GetValueOrDefault(slot) + delta;
        if (n == 0) slots.Remove(slot); else slots[slot] = n;
        if (slots.Count == 0) boundaries.Remove(day);
    }

    private static object? ValueIn(RelationshipState s, (int Code, int Ordinal) slot) => s.Slot(RelationshipModel.KindOf(slot.Code)) switch
    {
        System.Collections.IList list => slot.Ordinal < list.Count ? list[slot.Ordinal] : null,
        var single => single,
    };
}
