namespace RelationsLedger.Domain.State;

/// <summary>A state kept along a fold: the state after the first <see cref="At"/> facts (the state before the fact at <see cref="At"/>).</summary>
public readonly record struct KeptState(int At, RelationshipState State);

/// <summary>
/// A fold's kept states, places rising, as the decision's fold (<c>RulesFold</c>) and the read model's (<c>AspectFold</c>) keep
/// them: a refold replaces those it passed and, when it met the old states again, keeps the later ones at their places moved
/// by the facts its change added or removed.
/// </summary>
public static class KeptStates
{
    /// <summary>The index of the last kept state at or before place <paramref name="place"/>; 0 when none is (or none is kept).</summary>
    public static int LastAtOrBefore(List<KeptState> kept, int place)
    {
        var (lo, hi) = (0, kept.Count - 1);
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >>> 1;
            if (kept[mid].At <= place) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>
    /// Replaces the kept states from index <paramref name="from"/> up to <paramref name="tail"/> (exclusive) with
    /// <paramref name="refolded"/>, and moves the places of those after them by <paramref name="shift"/> facts.
    /// </summary>
    public static void Replace(List<KeptState> kept, int from, int tail, List<KeptState> refolded, int shift)
    {
        kept.RemoveRange(from, tail - from);
        kept.InsertRange(from, refolded);
        if (shift == 0) return;
        for (var k = from + refolded.Count; k < kept.Count; k++) kept[k] = kept[k] with { At = kept[k].At + shift };
    }
}
