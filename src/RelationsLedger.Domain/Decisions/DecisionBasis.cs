using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Decisions;

/// <summary>
/// What <see cref="Decide"/> needs to know about a recorded history, worked out once: the state at the
/// end of the resolved timeline as the rules read it (folded the way <see cref="Decide.Contradictions"/>
/// folds it), the facts that already contradict it, and the latest effective date. A proposed fact
/// that takes effect on or after that date lands at the end of the timeline, so it can be decided
/// against the final state alone: the same answer as folding the whole timeline again, in constant time.
/// A history that grows by such facts extends its basis instead of rebuilding it.
/// <para>
/// Facts beyond the rules (<see cref="Rules.IsUnconstrained"/>: pledges, engagements, statements) and
/// mends of them are left out of the basis: they cannot change any decision, so a back-filled statement
/// or a correction of an engagement — the common mends — is decided and absorbed without folding a
/// long timeline again.
/// </para>
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

    /// <summary>
    /// The state after the whole timeline as the rules read it: contradicting facts skipped, and facts
    /// beyond the rules left out (its pledges, engagements and statements stay empty).
    /// </summary>
    public RelationshipState Final { get; }

    /// <summary>The ids of the facts that break a rule where they stand in the timeline.</summary>
    public IReadOnlySet<Guid> Contradicting { get; }

    /// <summary>The effective date of the last fact of the timeline the rules read; null when there is none.</summary>
    public PartialDate? Last { get; }

    /// <summary>
    /// The timeline the rules read, folded, for a fact that does not land last (<see cref="RulesFold"/>): this basis's own
    /// while it was not extended; then the extension's.
    /// </summary>
    private RulesFold? _fold;

    public static DecisionBasis Of(RelationshipKey key, IReadOnlyList<Fact> recorded)
    {
        var (fold, final, contradicting) = RulesFold.Build(key, recorded);
        var basis = new DecisionBasis(key, recorded, recorded.Count, final, contradicting, fold.Last) { _fold = fold };
        fold.Owner = basis;
        return basis;
    }

    /// <summary>
    /// The basis of <paramref name="recorded"/>, whose first <see cref="Count"/> facts are this basis's.
    /// Facts that land at the end of the timeline are folded on, facts beyond the rules and their mends
    /// are passed over; any other mend or back-filled fact reorders the timeline, which is folded again from
    /// where it changes (<see cref="RulesFold"/>), or, when this basis's fold was handed on, built again.
    /// </summary>
    public DecisionBasis Extend(IReadOnlyList<Fact> recorded)
    {
        if (recorded.Count == Count) return this;
        if (_fold is not { } fold) return ExtendWith(recorded, null);
        lock (fold) return ExtendWith(recorded, fold.Owner == this ? fold : null);
    }

    private DecisionBasis ExtendWith(IReadOnlyList<Fact> recorded, RulesFold? fold)
    {
        if (fold is not null) (_fold, fold.Owner) = (null, null); // changed from here on: this basis's no more
        var (state, contradicting, last) = (Final, Contradicting, Last);
        for (var i = Count; i < recorded.Count; i++)
        {
            var fact = recorded[i];
            if (IsBeyondRules(fact, recorded))
            {
                fold?.PassOver(fact);
                continue;
            }
            if (LandsLast(fact, last))
            {
                fold?.Append(fact, state);
                if (Rules.Check(state, fact) is not null) contradicting = new HashSet<Guid>(contradicting, RandomisedIds.Comparer) { fact.EventId };
                else state = Fold.Evolve(state, fact);
                last = fact.EffectiveDate;
                continue;
            }
            var before = new Prefix(recorded, i);
            if (fold is not { Usable: true } || RulesFold.MendsTheUnrecorded(fact, before)) return Of(Key, recorded);
            (state, contradicting) = fold.Apply(before, fact, contradicting);
            last = fold.Last;
        }
        var next = new DecisionBasis(Key, recorded, recorded.Count, state, contradicting, last) { _fold = fold };
        if (fold is not null) fold.Owner = next;
        return next;
    }

    /// <summary>
    /// The first contradiction <paramref name="proposed"/>, recorded next, brings into the timeline that <see cref="Contradicting"/>
    /// does not hold, found by folding again from where it changes the timeline (<see cref="RulesFold.FirstNew"/>). False when
    /// this basis cannot tell it so (its fold was handed on, or it covers fewer facts than <see cref="Recorded"/> holds).
    /// </summary>
    internal bool TryFirstNew(Fact proposed, out (Fact Fact, Conflict Conflict)? found)
    {
        found = null;
        if (Recorded.Count != Count || proposed.Revision < Count || _fold is not { } fold) return false;
        lock (fold)
        {
            if (fold.Owner != this || !fold.Usable) return false;
            found = fold.FirstNew(Recorded, proposed, Contradicting);
            return true;
        }
    }

    /// <summary>The first facts of a record: those before the fact being folded in.</summary>
    private sealed class Prefix(IReadOnlyList<Fact> all, int count) : IReadOnlyList<Fact>
    {
        public Fact this[int index] => index < count ? all[index] : throw new ArgumentOutOfRangeException(nameof(index));
        public int Count => count;
        public IEnumerator<Fact> GetEnumerator() => all.Take(count).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Whether <paramref name="fact"/>, recorded after every fact of the basis, is last in the timeline:
    /// the timeline orders by effective date, then by revision, and a fact's revision is greater than
    /// every earlier one's. A mend is never folded; it changes the facts it mends.
    /// </summary>
    internal static bool LandsLast(Fact fact, PartialDate? last) =>
        fact.Event is not IMendEvent && (last is not { } l || fact.EffectiveDate >= l);

    /// <summary>
    /// Whether <paramref name="fact"/> changes nothing the rules read: a fact beyond the rules, or a mend
    /// whose target is one (through a correction, for the retraction of a correction). A mend of a
    /// target not in <paramref name="recorded"/> is not: <see cref="Decide"/> refuses it.
    /// </summary>
    internal static bool IsBeyondRules(Fact fact, IReadOnlyList<Fact> recorded)
    {
        var e = fact.Event;
        for (var hops = 0; hops < 2 && e is IMendEvent mend; hops++)
            e = Find(recorded, mend.Target)?.Event;
        return e is not null and not IMendEvent && Rules.IsUnconstrained(e);
    }

    /// <summary>The recorded fact with this event id (ids are unique; the latest are searched first, as mends mostly target recent facts).</summary>
    internal static Fact? Find(IReadOnlyList<Fact> recorded, Guid id)
    {
        for (var i = recorded.Count - 1; i >= 0; i--)
            if (recorded[i].EventId == id) return recorded[i];
        return null;
    }
}
