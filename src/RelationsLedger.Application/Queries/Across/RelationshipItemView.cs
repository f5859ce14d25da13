using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries.Across;

/// <summary>One item of one relationship's state as of a day, named with its relationship.</summary>
public sealed record RelationshipItemView<T>(string Relationship, ItemStatus Status, Certainty Certainty, T Item) where T : class, ITenure
{
    /// <summary>
    /// The item as the relationship's state has it as of the day, when that is a later version that would not answer the
    /// question (a mission lowered below the level asked for) but whose change is dated only to a year or month covering
    /// the day: it may not have happened yet, so <see cref="Item"/>, the version before it, is listed as possibly so.
    /// Null otherwise.
    /// </summary>
    public T? PossiblyChangedTo { get; init; }

    public static RelationshipItemView<T> Of(RelationshipKey key, T item, DateOnly asOf) => Of(key.ToString(), item, asOf);

    /// <summary>The item of the relationship named <paramref name="relationship"/> (its key, <c>A~B</c>) as of the day.</summary>
    public static RelationshipItemView<T> Of(string relationship, T item, DateOnly asOf) =>
        new(relationship, item.Status, item.CertaintyAsOf(asOf), item);
}
