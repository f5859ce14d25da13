using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Domain.Decisions;

/// <summary>
/// <c>decide</c>: whether a proposed fact may join a relationship's record. The fact is placed
/// in the timeline at its effective date — history may be back-filled in any order — and the
/// whole timeline is checked again, so a fact that contradicts an earlier or a later one is
/// refused with the conflicting event named.
/// </summary>
public static class Decide
{
    /// <returns>null when the fact is accepted; otherwise why it is refused.</returns>
    public static Conflict? Check(RelationshipKey key, IReadOnlyList<Fact> recorded, Fact proposed)
    {
        if (proposed.Event.RelationshipOf() is { } own && own != key)
            return new($"the event belongs to relationship {own}, not {key}");
        var record = Timeline.Of(recorded);
        if (proposed.Event is IMendEvent mend && CheckMend(key, record, mend) is { } mendConflict)
            return mendConflict;

        // Only contradictions the proposed fact introduces count: a record that already holds
        // one (imported as it was) must not block every later command.
        var before = Contradictions(key, record.Ordered).Select(c => c.Fact.EventId).ToHashSet(RandomisedIds.Comparer);
        return Introduced(key, recorded, before, proposed);
    }

    /// <summary>
    /// The same answer as <see cref="Check(RelationshipKey, IReadOnlyList{Fact}, Fact)"/> on
    /// <see cref="DecisionBasis.Recorded"/>, without folding the timeline again (<see cref="DecisionBasis.TryDecide"/>): a fact
    /// that lands at the end of the timeline is checked against the final state, one that changes nothing the rules read is
    /// accepted, any other is folded in from where it changes the timeline. A mend's target is looked up, not searched for.
    /// </summary>
    public static Conflict? Check(DecisionBasis basis, Fact proposed)
    {
        var key = basis.Key;
        if (proposed.Event.RelationshipOf() is { } own && own != key)
            return new($"the event belongs to relationship {own}, not {key}");
        if (proposed.Event is IMendEvent mend && CheckMend(key, basis, mend) is { } mendConflict)
            return mendConflict;
        return basis.TryDecide(proposed, out var conflict) ? conflict : Introduced(key, basis.Recorded, basis.Contradicting, proposed);
    }

    private static Conflict? Introduced(RelationshipKey key, IReadOnlyList<Fact> recorded, IReadOnlySet<Guid> before, Fact proposed)
    {
        var after = Contradictions(key, Timeline.Resolve(recorded.Append(proposed)));
        var (fact, conflict) = after.FirstOrDefault(c => !before.Contains(c.Fact.EventId));
        return conflict is null ? null : Naming(key, recorded, proposed, fact, conflict);
    }

    /// <summary>The refusal for the first contradiction a proposed fact introduces: of the fact itself, or naming the fact it would contradict.</summary>
    internal static Conflict Naming(RelationshipKey key, IReadOnlyList<Fact> recorded, Fact proposed, Fact fact, Conflict conflict)
    {
        var isTheProposedFact = fact.EventId == proposed.EventId || (proposed.Event as IMendEvent)?.Target == fact.EventId;
        return isTheProposedFact
            ? WithOrderHint(key, conflict, recorded, fact)
            : new($"it would contradict {fact.Type} {fact.EventId} (effective {fact.EffectiveDate}): {conflict.Message}", fact.EventId);
    }

    /// <summary>
    /// A refused fact whose partial date is less precise than a recorded fact inside its window is ordered before
    /// it (a partial date takes its first day's place): the refusal then seems to ignore the recorded fact. Say so.
    /// </summary>
    internal static Conflict WithOrderHint(RelationshipKey key, Conflict conflict, IReadOnlyList<Fact> recorded, Fact refused) =>
        WithOrderHintOn(key, conflict, RulesTimeline(recorded), refused);

    /// <summary>The timeline the rules read (facts beyond them left out), for <see cref="WithOrderHint(RelationshipKey, Conflict, IReadOnlyList{Fact}, Fact)"/>.</summary>
    internal static IReadOnlyList<Fact> RulesTimeline(IReadOnlyList<Fact> recorded) => Timeline.Of(recorded, folds: e => !Rules.IsUnconstrained(e)).Ordered;

    /// <summary>
    /// As above, on a timeline already made (<see cref="RulesTimeline"/>): several refusals of one batch share it. The fact named
    /// is the first inside the refused fact's window, ordered after it, after which the refused fact would hold: the one a more
    /// precise date would put it after. Before round 54 any fact in the window was named: a removal dated "2024" of a
    /// listing imposed on 2024-06-01 was refused naming an embassy opened on 2024-03-15 as the conflicting event; and when no
    /// fact in the window would let it hold, a more precise date does not help, and no fact is named.
    /// </summary>
    internal static Conflict WithOrderHintOn(RelationshipKey key, Conflict conflict, IReadOnlyList<Fact> rulesTimeline, Fact refused)
    {
        var window = refused.EffectiveDate;
        var state = RelationshipState.Initial(key);
        Fact? inside = null;
        foreach (var f in rulesTimeline)
        {
            // The refused fact itself, or (a correction) the target at its recorded date: the fact being placed, not a fact before it.
            if (f.EventId == refused.EventId) continue;
            var after = Timeline.Compare(f, refused) > 0;
            if (after && f.EffectiveDate.Start > window.End) break;
            // Folded as the rules fold a timeline (Contradictions): a fact that breaks a rule is not.
            if (Rules.Check(state, f) is null) state = Fold.Evolve(state, f);
            if (after && f.EffectiveDate != window && Rules.Check(state, refused) is null)
            {
                inside = f;
                break;
            }
        }
        return inside is null ? conflict : conflict with
        {
            Message = $"{conflict.Message}. Note: {inside.Type} {inside.EventId} (effective {inside.EffectiveDate}) lies within {window} but is ordered after it, " +
                $"because a partial date is placed at its first day ({window.Start:yyyy-MM-dd}); if this fact came after it, give a more precise date",
            ConflictingEventId = conflict.ConflictingEventId ?? inside.EventId,
        };
    }

    /// <summary>Every fact of an ordered timeline that breaks a rule in the state just before it.</summary>
    public static IEnumerable<(Fact Fact, Conflict Conflict)> Contradictions(RelationshipKey key, IReadOnlyList<Fact> timeline)
    {
        var state = RelationshipState.Initial(key);
        foreach (var fact in timeline)
        {
            if (Rules.Check(state, fact) is { } conflict) yield return (fact, conflict);
            else state = Fold.Evolve(state, fact);
        }
    }

    internal static Conflict? CheckMend(RelationshipKey key, IRecordLookup record, IMendEvent mend)
    {
        var target = record.RecordedFact(mend.Target);
        if (target is null) return new($"event {mend.Target} is not in relationship {key}");
        if (record.RetractionOf(mend.Target) is { } retraction)
            return new($"event {mend.Target} was already retracted", retraction.EventId);
        return (mend, target.Event) switch
        {
            (_, EntryRetracted) => new("a retraction cannot be mended; record the retracted event again instead", target.EventId),
            (EntryCorrected, EntryCorrected) => new("a correction cannot be corrected; correct the original event instead", target.EventId),
            (EntryCorrected { Replacement: { } r }, var original) when r.GetType() != original.GetType() =>
                new($"a correction must keep the event's type: {EventCatalogue.NameOf(original)}, not {EventCatalogue.NameOf(r)}", target.EventId),
            (EntryCorrected { Replacement: { } r }, _) when r.RelationshipOf() != key =>
                new($"a correction must stay in relationship {key}", target.EventId),
            (EntryCorrected { Replacement: null, EffectiveDate: null }, _) => new("a correction must change the effective date, the fields, or both"),
            _ => null,
        };
    }
}
