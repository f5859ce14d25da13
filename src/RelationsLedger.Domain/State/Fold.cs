using RelationsLedger.Domain.Aspects;

namespace RelationsLedger.Domain.State;

/// <summary>
/// <c>evolve</c>: applies one fact to the state, by its event's transition (declared in its aspect).
/// Total: a fact that breaks a rule (which <see cref="Decisions.Rules"/> would have refused) changes
/// what it can. Facts must come in effective-date order (see <see cref="Timeline"/>).
/// </summary>
public static class Fold
{
    public static RelationshipState Evolve(RelationshipState s, Fact f) => RelationshipModel.TransitionOf(f.Event).Evolve(s, f);

    public static RelationshipState FoldAll(RelationshipState initial, IEnumerable<Fact> orderedFacts) =>
        orderedFacts.Aggregate(initial, Evolve);

    /// <summary>How <paramref name="f"/> ends an item: on its effective date, by its event.</summary>
    public static Ending End(Fact f, string? reason = null) => new(f.EffectiveDate, f.EventId, f.Type, reason);
}
