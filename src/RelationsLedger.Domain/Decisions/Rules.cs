using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Domain.Decisions;

/// <summary>
/// The invariants of a relationship: whether a fact may happen in the state just before its effective
/// date, by its event's transition (declared in its aspect). Null means it may.
/// </summary>
public static class Rules
{
    public static Conflict? Check(RelationshipState s, Fact f) => RelationshipModel.TransitionOf(f.Event).Check?.Invoke(s, f);

    /// <summary>Whether the event is beyond the rules (see <see cref="Transition.Unconstrained"/>).</summary>
    public static bool IsUnconstrained(IRelationshipEvent e) => RelationshipModel.TransitionOf(e).Unconstrained;

    /// <summary>
    /// Refuses ending an item that is not there to end, naming the event that ended it already, or (when
    /// given) the item that stands in its place.
    /// </summary>
    public static Conflict? MayEnd(ITenure? item, string message, ITenure? standing = null) => item switch
    {
        { Ended: null } => null,
        { Ended: { } ended } => new($"{message}: it ended on {ended.On}", ended.EventId),
        null when standing is not null => new(message, standing.EventId),
        null => new($"{message}: there is no record of it"),
    };
}
