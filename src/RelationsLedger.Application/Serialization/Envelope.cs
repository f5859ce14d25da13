using System.Text.Json;
using System.Text.Json.Serialization;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// The envelope of every event, stored as the event's JSON metadata. The <c>$correlationId</c>
/// and <c>$causationId</c> names are the ones KurrentDB and its official clients understand.
/// The store adds the event id, stream, revision, global position and recorded-at time.
/// <see cref="OriginallyRecordedAt"/> is set only by <c>ledger import</c>: the store's own time is
/// then when the copy was made, and this is when the ledger first learned the fact (docs/audit.md).
/// </summary>
public sealed record Envelope(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("effectiveDate")] PartialDate EffectiveDate,
    [property: JsonPropertyName("recordedBy")] string RecordedBy,
    [property: JsonPropertyName("sources")] IReadOnlyList<Source> Sources,
    [property: JsonPropertyName("$correlationId")] Guid CorrelationId,
    [property: JsonPropertyName("$causationId")] Guid CausationId,
    [property: JsonPropertyName("previousHash")] string? PreviousHash,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("originallyRecordedAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? OriginallyRecordedAt = null)
{
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, LedgerJson.Contract);

    public static Envelope Deserialize(ReadOnlySpan<byte> metadata) =>
        JsonSerializer.Deserialize<Envelope>(metadata, LedgerJson.Contract) ?? throw new JsonException("the envelope is null");

    /// <summary>
    /// A stored event's envelope, or null with why it cannot be read: a store may hold events of another writer, or
    /// damaged ones, and the audit's readers of the log name such an event rather than stop at it.
    /// </summary>
    public static Envelope? ReadStored(ReadOnlySpan<byte> metadata, out string? unreadable)
    {
        try
        {
            unreadable = null;
            return Deserialize(metadata);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            unreadable = e.Message;
            return null;
        }
    }
}
