using System.Text.Json;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// One event as the feed delivers it: its global position (the feed's cursor), where it is in its
/// stream, both times, its provenance, its data as stored, and its place in the hash chain.
/// <see cref="RecordedAt"/> is the event's transaction time as every query, the history and the export use it: when
/// the ledger first learned it (for an imported event, when the ledger it came from recorded it);
/// <see cref="StoredAt"/> is when this store appended it, which differs only for an imported event (as in an export line).
/// </summary>
public sealed record FeedEvent(
    string Position, Guid EventId, string Type, int SchemaVersion, string Stream, ulong Revision,
    PartialDate EffectiveDate, DateTimeOffset RecordedAt, DateTimeOffset StoredAt, string RecordedBy, string? RecordedThrough, IReadOnlyList<Source> Sources,
    Guid CorrelationId, Guid CausationId, Guid? Mends, JsonElement Data, string? PreviousHash, string Hash) : FeedItem
{
    public static FeedEvent Of(LedgerEvent e)
    {
        var (recorded, envelope) = (e.Recorded, e.Envelope);
        return new(recorded.Position.ToString(), recorded.EventId, recorded.Type, envelope.SchemaVersion, recorded.Stream, recorded.Revision,
            envelope.EffectiveDate, e.RecordedAt, recorded.RecordedAt, envelope.RecordedBy, envelope.RecordedThrough, envelope.Sources, envelope.CorrelationId, envelope.CausationId,
            (e.Event as IMendEvent)?.Target, JsonDocument.Parse(recorded.Data).RootElement.Clone(), envelope.PreviousHash, envelope.Hash);
    }
}
