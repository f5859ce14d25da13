using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Decisions;

/// <summary>
/// What <see cref="Decide"/> needs to know about a recorded history, worked out once: the state at the
/// end of the resolved timeline (folded the way <see cref="Decide.Contradictions"/> folds it), the
/// facts that already contradict it, and the latest effective date. A proposed fact that takes effect
/// on or after that date lands at the end of the timeline, so it can be decided against the final
/// state alone: the same answer as folding the whole timeline again, in constant time.
/// A history that grows by such facts extends its basis instead of rebuilding it.
/// </summary>
public sealed class DecisionBasis
{
    private DecisionBasis(RelationshipKey key, IReadOnlyList<Fact> recorded, int count, RelationshipState final, IReadOnlySet<Guid> contradicting, PartialDate? last)
    {
        (Key, Recorded, Count, Final, Contradicting, Last) = (key, recorded, count, final, contradicting, last);
    }

    public RelationshipKey Key { get; }

    /// <summary>The recorded facts, in recording order; the basis covers the first <see cref="Count"/>.</summary>
    public IReadOnlyList<Fact> Recorded { get; }

    public int Count { get; }

    /// <summary>The state after the whole timeline, contradicting facts skipped.</summary>
    public RelationshipState Final { get; }

    /// <summary>The ids of the facts that break a rule where they stand in the timeline.</summary>
    public IReadOnlySet<Guid> Contradicting { get; }

    /// <summary>The effective date of the last fact of the timeline; null when it is empty.</summary>
    public PartialDate? Last { get; }

    public static DecisionBasis Of(RelationshipKey key, IReadOnlyList<Fact> recorded)
    {
        var timeline = Timeline.Resolve(recorded);
        var state = RelationshipState.Initial(key);
        var contradicting = new HashSet<Guid>();
        foreach (var fact in timeline)
        {
            if (Rules.Check(state, fact) is not null) contradicting.Add(fact.EventId);
            else state = Fold.Evolve(state, fact);
        }
        return new(key, recorded, recorded.Count, state, contradicting, timeline.Count == 0 ? null : timeline[^1].EffectiveDate);
    }

    /// <summary>
    /// The basis of <paramref name="recorded"/>, whose first <see cref="Count"/> facts are this basis's.
    /// Facts that land at the end of the timeline are folded on; a mend or a back-filled fact
    /// reorders the timeline, and the basis is built again.
    /// </summary>
    public DecisionBasis Extend(IReadOnlyList<Fact> recorded)
    {
        if (recorded.Count == Count) return this;
        var (state, contradicting, last) = (Final, Contradicting, Last);
        for (var i = Count; i < recorded.Count; i++)
        {
            var fact = recorded[i];
            if (!LandsLast(fact, last)) return Of(Key, recorded);
            if (Rules.Check(state, fact) is not null) contradicting = new HashSet<Guid>(contradicting) { fact.EventId };
            else state = Fold.Evolve(state, fact);
            last = fact.EffectiveDate;
        }
        return new(Key, recorded, recorded.Count, state, contradicting, last);
    }

    /// <summary>
    /// Whether <paramref name="fact"/>, recorded after every fact of the basis, is last in the timeline:
    /// the timeline orders by effective date, then by revision, and a fact's revision is greater than
    /// every earlier one's. A mend is never folded; it changes the facts it mends.
    /// </summary>
    internal static bool LandsLast(Fact fact, PartialDate? last) =>
        fact.Event is not IMendEvent && (last is not { } l || fact.EffectiveDate >= l);
}
