using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Integrity;

/// <summary>
/// The hash that chains each event to the one before it in its stream. It is SHA-256 over a
/// canonical encoding that docs/audit.md specifies field by field, so a third party can
/// recompute it without our code: each field is written as a 4-byte big-endian length and
/// its UTF-8 bytes (the data as the exact bytes stored), in a fixed order. The API key an event was recorded through
/// is one more field after the previous hash, written only when the event has one: every event without it (all
/// those recorded before it existed, and the CLI's) keeps the encoding, and so the hash, it always had.
/// </summary>
public static class EventHash
{
    public const string Scheme = "relationsledger-event-v1";

    // The encoding is written into one buffer per thread and hashed at once: an event's fields are copied once,
    // without a stream, an array per field or a string per number, id or date. A buffer grown past a large
    // event's size is not kept.
    private const int KeptCapacity = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    // One SHA-256 context per thread, reset by each digest and used again: the one-shot digest makes and frees an OpenSSL
    // context at every call, and that set-up cost about as much as hashing an event's ~700 bytes (docs/performance.md, round 66).
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    public static string Compute(
        string stream, Guid eventId, string type, int schemaVersion, PartialDate effectiveDate, string recordedBy,
        IReadOnlyList<Source> sources, Guid correlationId, Guid causationId, ReadOnlySpan<byte> data, string? previousHash,
        string? recordedThrough = null)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Compute(hash, stream, eventId, type, schemaVersion, effectiveDate, recordedBy, sources, correlationId, causationId, data, previousHash, recordedThrough);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Whether the fields produce <paramref name="claimed"/> (the hash as <see cref="Compute"/> writes it: 64 lower-case hex
    /// digits) — compared without making the hash's text: every reader of the log checks every event's own hash.
    /// </summary>
    public static bool Produces(
        string? claimed, string stream, Guid eventId, string type, int schemaVersion, PartialDate effectiveDate, string recordedBy,
        IReadOnlyList<Source> sources, Guid correlationId, Guid causationId, ReadOnlySpan<byte> data, string? previousHash,
        string? recordedThrough = null)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Compute(hash, stream, eventId, type, schemaVersion, effectiveDate, recordedBy, sources, correlationId, causationId, data, previousHash, recordedThrough);
        Span<char> text = stackalloc char[2 * SHA256.HashSizeInBytes];
        Convert.TryToHexStringLower(hash, text, out _);
        return text.SequenceEqual(claimed);
    }

    private static void Compute(Span<byte> hash,
        string stream, Guid eventId, string type, int schemaVersion, PartialDate effectiveDate, string recordedBy,
        IReadOnlyList<Source> sources, Guid correlationId, Guid causationId, ReadOnlySpan<byte> data, string? previousHash,
        string? recordedThrough)
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(1024);
        t_buffer = null; // not shared with a nested call, should one ever be made
        buffer.ResetWrittenCount();
        Span<char> chars = stackalloc char[36];

        Text(buffer, Scheme);
        Text(buffer, stream);
        Text(buffer, Id(eventId, chars));
        Text(buffer, type);
        Text(buffer, Number(schemaVersion, chars));
        Text(buffer, chars[..effectiveDate.Format(chars)]);
        Text(buffer, recordedBy);
        Text(buffer, Number(sources.Count, chars));
        // Sources read from a stored envelope give their fields' UTF-8 as the JSON holds it: no text made to be encoded again.
        if (sources is StoredSources stored) stored.WriteHashFields(buffer);
        else
        {
            for (var i = 0; i < sources.Count; i++) // by index: a foreach over the interface boxes the list's enumerator, once per event
            {
                var s = sources[i];
                Text(buffer, s.Publisher);
                Text(buffer, s.Title);
                Text(buffer, s.Url);
                Text(buffer, s.Reference);
                Text(buffer, s.PublishedOn is { } published ? chars[..published.Format(chars)] : default);
            }
        }
        Text(buffer, Id(correlationId, chars));
        Text(buffer, Id(causationId, chars));
        Bytes(buffer, data);
        Text(buffer, previousHash);
        if (recordedThrough is not null) Text(buffer, recordedThrough);

        var sha256 = t_sha256 ?? IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        t_sha256 = null; // kept again only once the digest has reset it: a context left part-fed would hash the next event wrong
        sha256.AppendData(buffer.WrittenSpan);
        sha256.GetHashAndReset(hash);
        t_sha256 = sha256;
        if (buffer.Capacity <= KeptCapacity) t_buffer = buffer;
    }

    /// <summary>A field: its UTF-8 length as 4 bytes big-endian, then its UTF-8 bytes (null and empty alike: length 0).</summary>
    internal static void Text(ArrayBufferWriter<byte> buffer, ReadOnlySpan<char> text)
    {
        var span = buffer.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(text.Length));
        var written = Encoding.UTF8.GetBytes(text, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, written);
        buffer.Advance(4 + written);
    }

    /// <summary>A field given as its bytes (the data; a text's UTF-8): their length as 4 bytes big-endian, then the bytes.</summary>
    internal static void Bytes(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        var span = buffer.GetSpan(4 + bytes.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, bytes.Length);
        bytes.CopyTo(span[4..]);
        buffer.Advance(4 + bytes.Length);
    }

    private static ReadOnlySpan<char> Id(Guid id, Span<char> chars)
    {
        id.TryFormat(chars, out var written, "D");
        return chars[..written];
    }

    private static ReadOnlySpan<char> Number(int n, Span<char> chars)
    {
        n.TryFormat(chars, out var written, default, CultureInfo.InvariantCulture);
        return chars[..written];
    }
}
