using System.Text.Json;
using System.Text.Json.Serialization;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// An event of the log that is not one of the ledger's, as the feed delivers it: where it is, why it cannot be read
/// (<see cref="Unreadable"/>, as <c>ledger verify</c> names it), and its bytes in the form an export writes them —
/// <c>data</c>/<c>metadata</c> verbatim when each is one line of JSON, else <c>dataBase64</c>/<c>metadataBase64</c>.
/// It has no envelope, so none of a ledger event's provenance, times of the ledger or hashes.
/// </summary>
public sealed record UnreadableFeedEvent(
    string Position, Guid EventId, string Type, string Stream, ulong Revision, DateTimeOffset StoredAt, string Unreadable,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DataBase64,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Metadata,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MetadataBase64) : FeedItem
{
    public static UnreadableFeedEvent Of(RecordedEvent e, string unreadable)
    {
        var (data, dataBase64) = Verbatim(e.Data);
        var (metadata, metadataBase64) = Verbatim(e.Metadata);
        return new(e.Position.ToString(), e.EventId, e.Type, e.Stream, e.Revision, e.RecordedAt, unreadable, data, dataBase64, metadata, metadataBase64);
    }

    private static (JsonElement?, string?) Verbatim(ReadOnlyMemory<byte> bytes) => ExportLine.IsOneLineOfJson(bytes.Span)
        ? (JsonDocument.Parse(bytes).RootElement.Clone(), null)
        : (null, Convert.ToBase64String(bytes.Span));
}
