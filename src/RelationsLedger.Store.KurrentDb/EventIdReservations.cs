using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb;

/// <summary>
/// Event ids unique in the whole ledger, on a server that recognises an id only within its stream. Before an
/// event is appended to a stream, its id is reserved for that stream: one event in a stream of its own,
/// <c>relationsledger-eventid-&lt;id&gt;</c>, written with "no stream" as the expectation, so the server lets
/// exactly one stream have it. KurrentDB has no transaction across streams, so the reservation comes first:
/// an append that then fails (or dies with the leader) leaves the id reserved for the same stream, where a
/// retry with the same id goes through; another stream is refused with <see cref="DuplicateEventException"/>.
/// Each reservation's own event id is derived from the id and the stream, so a repeated reservation is the
/// server's ordinary idempotent repeat. Outside <c>relationship-</c>, so no feed or projection sees them.
/// Cost: one more (small) append per event; see docs/kurrentdb.md.
/// </summary>
internal static class EventIdReservations
{
    public const string StreamPrefix = EventIdReservation.StreamPrefix;

    /// <summary>The reservations' streams, as a read of $all filtered on the server asks for them.</summary>
    public static StreamFilter Streams { get; } = new(StreamPrefix);
    public const string EventType = "EventIdReserved";

    /// <summary>Streams of the store's own (the identity, the reservations) reserve nothing.</summary>
    public const string OwnStreamsPrefix = "relationsledger-";

    /// <summary>How many reservations of one append are in flight at once.</summary>
    public const int Parallelism = 16;

    private sealed record Data(Guid EventId, string Stream);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static bool Applies(string stream) => !stream.StartsWith(OwnStreamsPrefix, StringComparison.Ordinal);

    public static string StreamOf(Guid eventId) => EventIdReservation.StreamOf(eventId);

    public static EventData For(Guid eventId, string stream) => new(
        IdOf(eventId, stream), EventType, JsonSerializer.SerializeToUtf8Bytes(new Data(eventId, stream), Json), "{}"u8.ToArray());

    /// <summary>
    /// What hides the reservation an append found written again at <paramref name="revision"/>: the stream was deleted on
    /// the server (a soft delete), so the server let "no stream" write after the reservation it hides.
    /// </summary>
    public static string HiddenBefore(ulong revision) =>
        $"the reservation was deleted on the server (a soft delete) and this append wrote it again at revision {revision}: "
        + "which stream held the id first cannot be read, so the id is refused in every stream";

    /// <summary>The stream a reservation names, or null when the event is not a reservation.</summary>
    public static string? Holder(RecordedEvent e) => Read(e)?.Stream;

    /// <summary>The reservation <paramref name="e"/> records, or null when it is not one.</summary>
    public static EventIdReservation? Read(RecordedEvent e)
    {
        if (e.Type != EventType) return null;
        try
        {
            return JsonSerializer.Deserialize<Data>(e.Data.Span, Json) is { Stream: { } stream } data ? new(data.EventId, stream, e.Position) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A name-based id (RFC 9562 version 8, from SHA-256) of the event id and the stream: the same pair, the same id.</summary>
    private static Guid IdOf(Guid eventId, string stream)
    {
        var hash = SHA256.HashData([.. eventId.ToByteArray(bigEndian: true), .. Encoding.UTF8.GetBytes(stream)]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
