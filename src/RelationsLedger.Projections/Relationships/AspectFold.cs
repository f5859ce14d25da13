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
        _snapshots = [Final];
    }

    /// <summary>The aspect's kinds that are slots (the latest kinds' facts are rows of their own).</summary>
    public ItemKind[] Kinds { get; }

    /// <summary>The aspect's facts, in effective order.</summary>
    public List<Fact> Folded { get; } = [];

    private readonly List<RelationshipState> _snapshots;

    /// <summary>The state after the first <see cref="FinalCount"/> facts.</summary>
    public RelationshipState Final { get; private set; }

    /// <summary>How many facts <see cref="Final"/> is the state after (-1: not a prefix any more).</summary>
    public int FinalCount { get; private set; }

    /// <summary>For each day where one of the aspect's slots has a version starting or ending: those slots (with a count).</summary>
    public Dictionary<int, Dictionary<(int, int), int>> Boundaries { get; } = [];

    /// <summary>Adds a form in its place; its place.</summary>
    public int Insert(Fact form)
    {
        var at = ~IndexOf(form);
        Folded.Insert(at, form);
        if (at < FinalCount) FinalCount = -1;
        return at;
    }

    public void Remove(Fact form)
    {
        var at = IndexOf(form);
        if (at < 0) throw new InvalidOperationException($"The fact {form.EventId} is not among the aspect's facts.");
        Folded.RemoveAt(at);
        FinalCount = -1;
    }

    /// <summary>Whether the last fact is the only one the final state lacks: it can be folded onto it alone.</summary>
    public bool LacksOnlyTheLast => FinalCount == Folded.Count - 1;

    /// <summary>Folds the last fact onto the final state; the final state before it, and after it.</summary>
    public (RelationshipState Previous, RelationshipState State) FoldLast()
    {
        var previous = Final;
        var state = Fold.Evolve(Final, Folded[^1]);
        if (Folded.Count % SnapshotEvery == 0) _snapshots.Add(state);
        (Final, FinalCount) = (state, Folded.Count);
        return (previous, state);
    }

    /// <summary>The state after the first <paramref name="count"/> facts, from the nearest snapshot.</summary>
    public RelationshipState StateAt(int count)
    {
        if (count == FinalCount) return Final;
        var k = Math.Min(count / SnapshotEvery, _snapshots.Count - 1);
        var s = _snapshots[k];
        for (var i = k * SnapshotEvery; i < count; i++) s = Fold.Evolve(s, Folded[i]);
        return s;
    }

    /// <summary>The state as of the day before <paramref name="day"/>: after the facts whose first day is before it.</summary>
    public RelationshipState StateBefore(int day) => StateAt(FirstOnOrAfter(day));

    /// <summary>
    /// Folds again from the first fact on or after <paramref name="fromDay"/> (the state before it is unchanged), keeping
    /// the snapshots, and reports each day's changes of the aspect's slots (slot, new item or null).
    /// </summary>
    public List<(int Day, (int, int) Slot, object? Item)> Refold(int fromDay)
    {
        var changes = new List<(int, (int, int), object?)>();
        var start = FirstOnOrAfter(fromDay);
        var prev = StateAt(start);
        if (_snapshots.Count > start / SnapshotEvery + 1) _snapshots.RemoveRange(start / SnapshotEvery + 1, _snapshots.Count - start / SnapshotEvery - 1);
        var state = prev;
        var i = start;
        while (i < Folded.Count)
        {
            var day = Start(Folded[i]);
            while (i < Folded.Count && Start(Folded[i]) == day)
            {
                state = Fold.Evolve(state, Folded[i]);
                i++;
                if (i % SnapshotEvery == 0) _snapshots.Add(state);
            }
            Diff(prev, state, day, changes);
            prev = state;
        }
        (Final, FinalCount) = (state, Folded.Count);
        return changes;
    }

    /// <summary>The first place whose fact's first day is on or after <paramref name="day"/>.</summary>
    public int FirstOnOrAfter(int day) => Timeline.FirstOnOrAfter(Folded, day);

    /// <summary>
    /// Adds the aspect's slots whose item differs between two states to <paramref name="changes"/> as changes of
    /// <paramref name="day"/>. States share unchanged slots, so most compare by reference.
    /// </summary>
    public void Diff(RelationshipState a, RelationshipState b, int day, List<(int Day, (int, int) Slot, object? Item)> changes)
    {
        if (ReferenceEquals(a, b)) return;
        foreach (var kind in Kinds)
        {
            var (x, y) = (a.Slot(kind), b.Slot(kind));
            if (ReferenceEquals(x, y)) continue;
            if (kind.Shape == KindShape.Single)
            {
                if (!Equals(x, y)) changes.Add((day, (kind.Code, 0), y));
                continue;
            }
            var ea = ((System.Collections.IEnumerable)x!).GetEnumerator();
            var eb = ((System.Collections.IEnumerable)y!).GetEnumerator();
            for (var i = 0; ; i++)
            {
                var (hasA, hasB) = (ea.MoveNext(), eb.MoveNext());
                if (!hasA && !hasB) break;
                var (p, q) = (hasA ? ea.Current : null, hasB ? eb.Current : null);
                if (ReferenceEquals(p, q) || (p is not null && p.Equals(q))) continue;
                changes.Add((day, (kind.Code, i), q));
            }
        }
    }

    public static int Start(Fact f) => f.EffectiveDate.Start.DayNumber;

    /// <summary>The place of a form among the facts (by <see cref="Timeline.Compare"/>), or the bitwise complement of where it would go.</summary>
    private int IndexOf(Fact form) => Timeline.IndexOf(Folded, form);
}
