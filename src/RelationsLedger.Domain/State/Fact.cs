using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>
/// One recorded event of a relationship with the two times: when it took effect in the world
/// (<see cref="EffectiveDate"/>) and when the ledger learned it (<see cref="RecordedAt"/>).
/// <see cref="Revision"/> is its place in the stream, i.e. recording order.
/// </summary>
public sealed record Fact(Guid EventId, PartialDate EffectiveDate, DateTimeOffset RecordedAt, long Revision, IRelationshipEvent Event)
{
    public string Type => EventCatalogue.NameOf(Event);
}
