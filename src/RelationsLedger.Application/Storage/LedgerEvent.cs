using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Storage;

/// <summary>A stored event decoded: the store's record, its envelope and the domain event.</summary>
public sealed record LedgerEvent(RecordedEvent Recorded, Envelope Envelope, IRelationshipEvent Event)
{
    public Guid EventId => Recorded.EventId;

    /// <summary>
    /// When the ledger learned the event (transaction time): the store's time, unless the event was
    /// imported, when it is the time the original ledger recorded it.
    /// </summary>
    public DateTimeOffset RecordedAt => Envelope.OriginallyRecordedAt ?? Recorded.RecordedAt;

    public Fact ToFact() => new(Recorded.EventId, Envelope.EffectiveDate, RecordedAt, (long)Recorded.Revision, Event);

    public static LedgerEvent Decode(RecordedEvent recorded)
    {
        var envelope = Envelope.Deserialize(recorded.Metadata.Span);
        return new(recorded, envelope, EventJson.DeserializeData(recorded.Type, envelope.SchemaVersion, recorded.Data.Span));
    }
}
