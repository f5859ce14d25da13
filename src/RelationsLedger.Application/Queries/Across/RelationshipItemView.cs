using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries.Across;

/// <summary>One item of one relationship's state as of a day, named with its relationship.</summary>
public sealed record RelationshipItemView<T>(string Relationship, ItemStatus Status, Certainty Certainty, T Item) where T : ITenure
{
    public static RelationshipItemView<T> Of(RelationshipKey key, T item, DateOnly asOf) =>
        new(key.ToString(), item.Status, item.CertaintyAsOf(asOf), item);
}
