using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Domain.Events;

/// <summary>An immutable fact about one bilateral relationship.</summary>
public interface IRelationshipEvent;

/// <summary>A fact done by one party (the actor) to or in the other (the counterpart).</summary>
public interface IDirectionalEvent : IRelationshipEvent
{
    string Actor { get; }
    string Counterpart { get; }
}

/// <summary>A fact that both parties share, such as a treaty or severed relations.</summary>
public interface IMutualEvent : IRelationshipEvent
{
    string PartyA { get; }
    string PartyB { get; }

    /// <summary>The same fact with its two parties named in the other order (a mutual event names them in either order).</summary>
    IMutualEvent Swapped();
}

/// <summary>A mend of an earlier event of the same relationship: a correction or a retraction.</summary>
public interface IMendEvent : IRelationshipEvent
{
    Guid Target { get; }
    string Reason { get; }
}

public static class RelationshipEventExtensions
{
    /// <summary>The relationship an event belongs to; null for mends, which take the relationship of their target.</summary>
    public static RelationshipKey? RelationshipOf(this IRelationshipEvent e) => e switch
    {
        IDirectionalEvent d => RelationshipKey.Of(d.Actor, d.Counterpart),
        IMutualEvent m => RelationshipKey.Of(m.PartyA, m.PartyB),
        _ => null,
    };
}
