using System.Text.Json;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// The envelope of every event, stored as the event's JSON metadata. The <c>$correlationId</c>
/// and <c>$causationId</c> names are the ones KurrentDB and its official clients understand.
/// The store adds the event id, stream, revision, global position and recorded-at time.
/// Its JSON (field names, order, nulls) is <see cref="EnvelopeJson"/>'s.
/// <see cref="OriginallyRecordedAt"/> is set only by <c>ledger import</c>: the store's own time is
/// then when the copy was made, and this is when the ledger first learned the fact (docs/audit.md).
/// <see cref="RecordedThrough"/> is the configured name of the API key an event was recorded through: set by the server
/// on <c>POST /commands/…</c>, never by a body; null (absent from the JSON, and from the hash) on events the CLI records.
/// </summary>
public sealed record Envelope(
    int SchemaVersion,
    PartialDate EffectiveDate,
    string RecordedBy,
    IReadOnlyList<Source> Sources,
    Guid CorrelationId,
    Guid CausationId,
    string? PreviousHash,
    string Hash,
    DateTimeOffset? OriginallyRecordedAt = null,
    string? RecordedThrough = null)
{
    public byte[] Serialize() => EnvelopeJson.Serialize(this);

    /// <summary>
    /// The format a reader must know to read this envelope (<see cref="EventData.FormatVersion"/>): 2 when it carries
    /// <see cref="RecordedThrough"/>, a field added 2026-12-02 that builds before it read as an altered event; else 1.
    /// </summary>
    public int FormatVersion => RecordedThrough is null ? EventData.FirstFormat : EventData.RecordedThroughFormat;

    /// <summary>
    /// The envelope in <paramref name="metadata"/>; a <see cref="JsonException"/> naming the field (its path) when it is not one.
    /// Its <see cref="Sources"/> are read from <paramref name="metadata"/> when asked for (<see cref="StoredSources"/>): the bytes must not change.
    /// </summary>
    public static Envelope Deserialize(ReadOnlyMemory<byte> metadata) => EnvelopeJson.Deserialize(metadata);

    /// <summary>
    /// A stored event's envelope, or null with why it cannot be read (in the words <c>verify</c>, the feed and the
    /// tampering error all name it with): a store may hold events of another writer, or damaged ones, and the audit's
    /// readers of the log name such an event rather than stop at it.
    /// </summary>
    public static Envelope? ReadStored(ReadOnlyMemory<byte> metadata, out string? unreadable)
    {
        try
        {
            unreadable = null;
            return Deserialize(metadata);
        }
        catch (JsonException e)
        {
            unreadable = $"its envelope cannot be read: {e.Message}";
            return null;
        }
    }
}
