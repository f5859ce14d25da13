using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// One aspect of a relationship as the projection folds it: that aspect's facts of the resolved timeline, in effective
/// order, the state after every <see cref="SnapshotEvery"/> of them, and the state after all of them. An aspect's
/// transitions evolve only its own kinds and read nothing else (see <see cref="RelationshipModel"/>), so these states hold
/// the aspect's slots exactly as the whole relationship's fold does, and a mend that changes a pledge re-folds the
/// relationship's pledges alone rather than every fact from the pledge's day on (issue #16, round 30: on the longest
/// relationships that re-fold was a quarter of a 1M rebuild's samples).
/// <para>
/// A refold stops where the aspect's state meets the old one again (round 53, as the decision's <c>RulesFold</c> does since
/// round 52): past every day the change touched, the facts are the old ones shifted by the fact it added or removed, so once
/// the state before one of them equals the old state kept there, every later day's state and change is the old one. The
/// snapshots are therefore (place, state) pairs at most <see cref="SnapshotEvery"/> apart, not the multiples of it: a
/// back-fill or a retraction shifts the old ones kept past the meeting place.
/// </para>
/// </summary>
internal sealed class AspectFold
{
    private const int SnapshotEvery = 32;

    // Each aspect's slot kinds, worked out once rather than for every relationship the projection holds.
    private static readonly ItemKind[][] SlotKindsOf = RelationshipModel.Aspects
        .Select(a => a.Kinds.Where(k => k.Shape != KindShape.Latest).ToArray()).ToArray();

    public AspectFold(RelationshipKey key, int aspect)
    {
        Kinds = SlotKindsOf[aspect];
        Final = RelationshipState.Initial(key);
        _snapshots = [new(0, Final)];
    }

    /// <summary>The aspect's kinds that are slots (the latest kinds' facts are rows of their own).</summary>
    public ItemKind[] Kinds { get; }

    /// <summary>The aspect's facts, in effective order.</summary>
    public List<Fact> Folded { get; } = [];

    /// <summary>
    /// States kept along the facts, each the state after the first <see cref="KeptState.At"/> of them: the first at 0, places
    /// rising, no two neighbours more than <see cref="SnapshotEvery"/> apart (a fold from scratch keeps the multiples of it).
    /// </summary>
    private readonly List<KeptState> _snapshots;

    /// <summary>The snapshots kept, for tests that hold each to a fold from scratch of its first facts.</summary>
    internal IEnumerable<(int At, RelationshipState State)> SnapshotsView => _snapshots.Select(s => (s.At, s.State));

    /// <summary>
    /// What <see cref="Insert"/> and <see cref="Remove"/> changed since the last fold, which the next <see cref="Refold"/> reads
    /// to know where it may meet the old states: the last day a fact joined or left (null: nothing recorded through them, as
    /// when <see cref="RelationshipTimeline.Restore"/> fills the facts, and then the refold goes to the end), how far the facts
    /// after it moved (+1 for each fact that joined, −1 for each that left), and whether <see cref="Final"/> was the state after
    /// all the facts before the change (what the refold keeps when it meets the old states).
    /// </summary>
    private (int? LastDay, int Shift, bool FinalWasWhole) _pending;

    /// <summary>The state after the first <see cref="FinalCount"/> facts.</summary>
    public RelationshipState Final { get; private set; }

    /// <summary>How many facts <see cref="Final"/> is the state after (-1: not a prefix any more).</summary>
    public int FinalCount { get; private set; }

    /// <summary>The facts folded again by refolds so far (<see cref="Refold"/>): what a mend costs the read model, counted.</summary>
    public long RefoldSteps { get; private set; }

    /// <summary>For each day where one of the aspect's slots has a version starting or ending: those slots (with a count).</summary>
    public Dictionary<int, Dictionary<(int, int), int>> Boundaries { get; } = [];

    /// <summary>Adds a form in its place; its place.</summary>
    public int Insert(Fact form)
    {
        var at = ~IndexOf(form);
        Pending(form, +1);
        Folded.Insert(at, form);
        if (at < FinalCount) FinalCount = -1;
        return at;
    }

    public void Remove(Fact form)
    {
        var at = IndexOf(form);
        if (at < 0) throw new InvalidOperationException($"The fact {form.EventId} is not among the aspect's facts.");
        Pending(form, -1);
        Folded.RemoveAt(at);
        FinalCount = -1;
    }

    private void Pending(Fact form, int shift)
    {
        var (lastDay, moved, whole) = _pending;
        if (lastDay is null) whole = FinalCount == Folded.Count;
        _pending = (Math.Max(lastDay ?? int.MinValue, Start(form)), moved + shift, whole);
    }

    /// <summary>Whether the last fact is the only one the final state lacks: it can be folded onto it alone.</summary>
    public bool LacksOnlyTheLast => FinalCount == Folded.Count - 1;

    /// <summary>Folds the last fact onto the final state; the final state before it, and after it.</summary>
    public (RelationshipState Previous, RelationshipState State) FoldLast()
    {
        var previous = Final;
        // As a refold keeps them: the state before the fact at a place 32 past the last snapshot (the end is then at most 32 past).
        if (Folded.Count - 1 - _snapshots[^1].At >= SnapshotEvery) _snapshots.Add(new(Folded.Count - 1, previous));
        var state = Fold.Evolve(Final, Folded[^1]);
        (Final, FinalCount, _pending) = (state, Folded.Count, default);
        return (previous, state);
    }

    /// <summary>The state after the first <paramref name="count"/> facts, from the nearest snapshot.</summary>
    public RelationshipState StateAt(int count)
    {
        if (count == FinalCount) return Final;
        var (at, s) = _snapshots[KeptStates.LastAtOrBefore(_snapshots, count)];
        for (var i = at; i < count; i++) s = Fold.Evolve(s, Folded[i]);
        return s;
    }

    /// <summary>The state as of the day before <paramref name="day"/>: after the facts whose first day is before it.</summary>
    public RelationshipState StateBefore(int day) => StateAt(FirstOnOrAfter(day));

    /// <summary>
    /// Folds again from the first fact on or after <paramref name="fromDay"/> (the state before it is unchanged) and reports
    /// each day's changes of the aspect's slots (slot, new item or null) before <see cref="Refolded.Until"/>: the first day
    /// from which every state is the old one — where the refolded state met the old state kept at a place past every day the
    /// change touched (see <see cref="_pending"/>), or <see cref="RelationshipTimeline.Forever"/> when it folded to the end.
    /// </summary>
    public Refolded Refold(int fromDay)
    {
        var changes = new List<(int, (int, int), object?)>();
        var start = FirstOnOrAfter(fromDay);
        var from = KeptStates.LastAtOrBefore(_snapshots, start);
        var prev = StateAt(start);
        // The old snapshots after `from` are of the facts before the change; one of them is met at its place shifted, and only
        // where every fact from there on is the old one (its first day past the change's last), with the final state whole.
        var (lastDay, shift, whole) = _pending;
        var canMeet = lastDay is not null && whole;
        var (fresh, next, met, until) = (new List<KeptState>(), from + 1, -1, RelationshipTimeline.Forever);
        var state = prev;
        var i = start;
        while (i < Folded.Count)
        {
            var (day, first) = (Start(Folded[i]), i);
            for (; i < Folded.Count && Start(Folded[i]) == day; i++)
            {
                if (met < 0 && canMeet && day > lastDay && Meets(ref next, i - shift, state)) met = next;
                if (met >= 0 && i == first) break;
                if (met < 0 && i - (fresh.Count > 0 ? fresh[^1].At : _snapshots[from].At) >= SnapshotEvery) fresh.Add(new(i, state));
                state = Fold.Evolve(state, Folded[i]);
                RefoldSteps++;
            }
            // Met before the day's first fact: the state before the day is the old one, and so is every day from it on.
            if (met >= 0 && i == first)
            {
                until = day;
                break;
            }
            Diff(prev, state, day, changes);
            prev = state;
            if (met < 0) continue;
            until = day + 1; // met within the day: the state it ends with is the old one, its changes may not be
            break;
        }
        KeptStates.Replace(_snapshots, from + 1, met >= 0 ? met : _snapshots.Count, fresh, shift);
        // Met: the old final state is the state after all the facts (the same facts from equal states).
        if (met < 0) Final = state;
        (FinalCount, _pending) = (Folded.Count, default);
        return new(changes, until);
    }

    /// <summary>What a refold found: each day's changes of the aspect's slots before <see cref="Until"/>, from which on nothing changed.</summary>
    public sealed record Refolded(List<(int Day, (int, int) Slot, object? Item)> Changes, int Until);

    /// <summary>
    /// Whether the old snapshot at place <paramref name="oldPlace"/> (of the facts before the change) holds
    /// <paramref name="state"/>; <paramref name="next"/> moves on past the old snapshots before that place.
    /// </summary>
    private bool Meets(ref int next, int oldPlace, RelationshipState state)
    {
        while (next < _snapshots.Count && _snapshots[next].At < oldPlace) next++;
        return next < _snapshots.Count && _snapshots[next].At == oldPlace && state.Equals(_snapshots[next].State);
    }

    /// <summary>The first place whose fact's first day is on or after <paramref name="day"/>.</summary>
    public int FirstOnOrAfter(int day) => Timeline.FirstOnOrAfter(Folded, day);

    /// <summary>
    /// Adds the aspect's slots whose item differs between two states to <paramref name="changes"/> as changes of
    /// <paramref name="day"/>, in the order of the aspect's kinds and of the places in a list. States share unchanged slots,
    /// so most compare by reference; of a changed list, only the places the changes since <paramref name="a"/> set are
    /// compared (<see cref="RelationshipState.EditsSince"/>: every other item is the same object in both) — a walk of the
    /// whole list for every fact was the fold's largest cost on a long relationship (1,131 pledges and 960 nominations on RU~US at 1M,
    /// issue #16, round 47). The whole list is compared only when <paramref name="b"/> was not made from <paramref name="a"/>
    /// by a few changes, or a change does not say where (<see cref="DiffWhole"/>, which gives the same changes).
    /// </summary>
    public void Diff(RelationshipState a, RelationshipState b, int day, List<(int Day, (int, int) Slot, object? Item)> changes)
    {
        if (ReferenceEquals(a, b)) return;
        _edits.Clear();
        Diff(Kinds, a, b, b.EditsSince(a, _edits) ? _edits : null, _places, day, changes);
    }

    // Filled again by every Diff (the changes since the earlier state, and one kind's places of them) and read only within it.
    private readonly List<(int Code, int Index)> _edits = [];
    private readonly List<int> _places = [];

    /// <summary>
    /// The slots of <paramref name="kinds"/> whose item differs between two states, each list compared whole: what the
    /// fold's <c>Diff</c> must find for any two states, in the same order (the algorithm before round 48, kept as its oracle).
    /// </summary>
    internal static void DiffWhole(ItemKind[] kinds, RelationshipState a, RelationshipState b, int day, List<(int Day, (int, int) Slot, object? Item)> changes) =>
        Diff(kinds, a, b, null, [], day, changes);

    /// <param name="edits">The changes that made <paramref name="b"/> from <paramref name="a"/>; null: not known, lists compared whole.</param>
    private static void Diff(ItemKind[] kinds, RelationshipState a, RelationshipState b, List<(int Code, int Index)>? edits, List<int> places,
        int day, List<(int Day, (int, int) Slot, object? Item)> changes)
    {
        foreach (var kind in kinds)
        {
            var (x, y) = (a.Slot(kind), b.Slot(kind));
            if (ReferenceEquals(x, y)) continue;
            if (kind.Shape == KindShape.Single)
            {
                if (!Equals(x, y)) changes.Add((day, (kind.Code, 0), y));
                continue;
            }
            if (edits is null || !PlacesOf(kind, edits, places))
            {
                DiffList(kind, x!, y!, day, changes);
                continue;
            }
            var (xs, ys) = ((System.Collections.IList)x!, (System.Collections.IList)y!);
            for (var n = 0; n < places.Count; n++)
            {
                var i = places[n];
                if (n > 0 && i == places[n - 1]) continue; // changed twice since a
                var (p, q) = (i < xs.Count ? xs[i] : null, i < ys.Count ? ys[i] : null);
                if (!Same(p, q)) changes.Add((day, (kind.Code, i), q));
            }
        }
    }

    /// <summary>The places of a kind's list the changes set, in ascending order (as a walk of the list meets them); false when one does not say where.</summary>
    private static bool PlacesOf(ItemKind kind, List<(int Code, int Index)> edits, List<int> places)
    {
        places.Clear();
        foreach (var (code, place) in edits)
        {
            if (code != kind.Code) continue;
            if (place == RelationshipState.AnyPlace) return false;
            places.Add(place);
        }
        if (places.Count > 1) places.Sort();
        return true;
    }

    private static void DiffList(ItemKind kind, object x, object y, int day, List<(int Day, (int, int) Slot, object? Item)> changes)
    {
        var ea = ((System.Collections.IEnumerable)x).GetEnumerator();
        var eb = ((System.Collections.IEnumerable)y).GetEnumerator();
        for (var i = 0; ; i++)
        {
            var (hasA, hasB) = (ea.MoveNext(), eb.MoveNext());
            if (!hasA && !hasB) break;
            var (p, q) = (hasA ? ea.Current : null, hasB ? eb.Current : null);
            if (!Same(p, q)) changes.Add((day, (kind.Code, i), q));
        }
    }

    private static bool Same(object? p, object? q) => ReferenceEquals(p, q) || (p is not null && p.Equals(q));

    public static int Start(Fact f) => f.EffectiveDate.Start.DayNumber;

    /// <summary>The place of a form among the facts (by <see cref="Timeline.Compare"/>), or the bitwise complement of where it would go.</summary>
    private int IndexOf(Fact form) => Timeline.IndexOf(Folded, form);
}
