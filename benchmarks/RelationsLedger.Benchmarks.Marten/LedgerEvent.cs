using System.Text.Json;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Benchmarks.Marten;

/// <summary>
/// What Marten stores for one ledger event: the very JSON the ledger seals (data and envelope metadata), as a
/// jsonb document, so both sides write and read the same bytes of payload per event.
/// </summary>
public sealed record LedgerEvent(Guid EventId, string Type, JsonElement Data, JsonElement Metadata)
{
    public static LedgerEvent From(EventData e) =>
        new(e.EventId, e.Type, JsonDocument.Parse(e.Data).RootElement, JsonDocument.Parse(e.Metadata).RootElement);
}
