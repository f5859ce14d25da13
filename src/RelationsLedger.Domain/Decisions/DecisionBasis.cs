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
/// mends that leave every form they touch beyond them are left out of the basis: they cannot change any
/// decision, so a back-filled statement or a correction of an engagement — the common mends — is decided
/// and absorbed without folding a long timeline again. What a fact touches is its current form, not its
/// type as recorded (<see cref="RulesFold.PlaceOf"/>; a crafted log's correction may change a type).
/// </para>
/// </summary>
public sealed class DecisionBasis : IRecordLookup
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

    /// <summary>The fold this basis owns, if any: for tests and the benchmark that count or check what it kept.</summary>
    internal RulesFold? OwnFold => _fold is { } fold && fold.Owner == this ? fold : null;

    public static DecisionBasis Of(RelationshipKey key, IReadOnlyList<Fact> recorded)
    {
        var (fold, final, contradicting) = RulesFold.Build(key, recorded);
        var basis = new DecisionBasis(key, recorded, recorded.Count, final, contradicting, fold.Last) { _fold = fold };
        fold.Owner = basis;
        return basis;
    }

    /// <summary>
    /// The basis of <paramref name="recorded"/>, whose first <see cref="Count"/> facts are this basis's. Each fact goes where
    /// its fold places it (<see cref="RulesFold.PlaceOf"/>): one that lands at the end of the timeline is folded on, one that
    /// changes nothing the rules read is passed over, any other reorders the timeline, which is folded again from where it
    /// changes. When this basis's fold was handed on, the basis is built again.
    /// </summary>
    public DecisionBasis Extend(IReadOnlyList<Fact> recorded)
    {
        if (recorded.Count == Count) return this;
        if (_fold is not { } fold) return Of(Key, recorded);
        lock (fold) return fold.Owner == this ? ExtendWith(recorded, fold) : Of(Key, recorded);
    }

    private DecisionBasis ExtendWith(IReadOnlyList<Fact> recorded, RulesFold fold)
    {
        (_fold, fold.Owner) = (null, null); // changed from here on: this basis's no more
        var (state, contradicting) = (Final, Contradicting);
        for (var i = Count; i < recorded.Count; i++)
        {
            var fact = recorded[i];
            var (place, affects) = fold.PlaceOf(fact);
            switch (place)
            {
                case RulesFold.Place.Outside:
                    fold.PassOver(fact, affects);
                    break;
                case RulesFold.Place.Last:
                    fold.Append(fact, state, affects);
                    if (fold.CheckLast(state, fact) is not null) contradicting = new HashSet<Guid>(contradicting, RandomisedIds.Comparer) { fact.EventId };
                    else state = Fold.Evolve(state, fact);
                    break;
                default:
                    (state, contradicting) = fold.Apply(fact, state, contradicting);
                    break;
            }
        }
        var next = new DecisionBasis(Key, recorded, recorded.Count, state, contradicting, fold.Last) { _fold = fold };
        fold.Owner = next;
        return next;
    }

    /// <summary>
    /// Decides <paramref name="proposed"/>, recorded next, where its fold places it (<see cref="RulesFold.PlaceOf"/>): accepted
    /// when it changes nothing the rules read; checked against the final state when it lands last; otherwise the first
    /// contradiction it brings into the timeline that <see cref="Contradicting"/> does not hold, found by folding again from
    /// where it changes the timeline (<see cref="RulesFold.FirstNew"/>). False when this basis cannot tell (its fold was handed
    /// on, or it covers fewer facts than <see cref="Recorded"/> holds).
    /// </summary>
    internal bool TryDecide(Fact proposed, out Conflict? conflict)
    {
        conflict = null;
        if (Recorded.Count != Count || proposed.Revision < Count || _fold is not { } fold) return false;
        lock (fold)
        {
            if (fold.Owner != this) return false;
            conflict = fold.PlaceOf(proposed).Place switch
            {
                RulesFold.Place.Outside => null,
                RulesFold.Place.Last => fold.CheckLast(Final, proposed),
                _ => fold.FirstNew(proposed, Contradicting) is { } first ? Decide.Naming(Key, Recorded, proposed, first.Fact, first.Conflict) : null,
            };
            return true;
        }
    }

    /// <summary>
    /// The record looked up in the fold's index of it while this basis owns the fold and covers the whole record (constant
    /// time, under the fold's lock); otherwise searched (<see cref="RecordedList"/>).
    /// </summary>
    private T Look<T>(Func<IRecordLookup, T> look)
    {
        if (Recorded.Count == Count && _fold is { } fold)
            lock (fold)
                if (fold.Owner == this) return look(fold.Record);
        return look(new RecordedList(Recorded));
    }

    public Fact? RecordedFact(Guid eventId) => Look(record => record.RecordedFact(eventId));

    public Fact? RetractionOf(Guid eventId) => Look(record => record.RetractionOf(eventId));

    public Fact? FormOf(Guid eventId) => Look(record => record.FormOf(eventId));

    public Fact? LatestFieldCorrection(Guid eventId) => Look(record => record.LatestFieldCorrection(eventId));

    /// <summary>
    /// Whether <paramref name="fact"/>, recorded after every fact of the basis, is last in the timeline:
    /// the timeline orders by effective date, then by revision, and a fact's revision is greater than
    /// every earlier one's. A mend is never folded; it changes the facts it mends.
    /// </summary>
    internal static bool LandsLast(Fact fact, PartialDate? last) =>
        fact.Event is not IMendEvent && (last is not { } l || fact.EffectiveDate >= l);
}
