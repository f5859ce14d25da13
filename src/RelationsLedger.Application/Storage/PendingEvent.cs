using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Storage;

/// <summary>A decided event on its way to the store: its id, the event, its effective date and provenance (sealed when appended).</summary>
public sealed record PendingEvent(Guid EventId, IRelationshipEvent Event, PartialDate EffectiveDate, Provenance Provenance);
