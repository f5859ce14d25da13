using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Storage;

/// <summary>A stored event decoded: the store's record, its envelope and the domain event.</summary>
public sealed record LedgerEvent(RecordedEvent Recorded, Envelope Envelope, IRelationshipEvent Event)
{
    public Guid EventId => Recorded.EventId;

    public Fact ToFact() => new(Recorded.EventId, Envelope.EffectiveDate, Recorded.RecordedAt, (long)Recorded.Revision, Event);

    public static LedgerEvent Decode(RecordedEvent recorded)
    {
        var envelope = Envelope.Deserialize(recorded.Metadata.Span);
        return new(recorded, envelope, EventJson.DeserializeData(recorded.Type, envelope.SchemaVersion, recorded.Data.Span));
    }
}
