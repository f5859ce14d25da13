using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Integrity;

/// <summary>
/// The hash that chains each event to the one before it in its stream. It is SHA-256 over a
/// canonical encoding that docs/audit.md specifies field by field, so a third party can
/// recompute it without our code: each field is written as a 4-byte big-endian length and
/// its UTF-8 bytes (the data as the exact bytes stored), in a fixed order.
/// </summary>
public static class EventHash
{
    public const string Scheme = "relationsledger-event-v1";

    public static string Compute(
        string stream, Guid eventId, string type, int schemaVersion, PartialDate effectiveDate, string recordedBy,
        IReadOnlyList<Source> sources, Guid correlationId, Guid causationId, ReadOnlySpan<byte> data, string? previousHash)
    {
        using var buffer = new MemoryStream();
        void Field(string? text) => Bytes(Encoding.UTF8.GetBytes(text ?? ""));
        void Bytes(ReadOnlySpan<byte> bytes)
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        Field(Scheme);
        Field(stream);
        Field(eventId.ToString("D"));
        Field(type);
        Field(schemaVersion.ToString(CultureInfo.InvariantCulture));
        Field(effectiveDate.ToString());
        Field(recordedBy);
        Field(sources.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var s in sources)
        {
            Field(s.Publisher);
            Field(s.Title);
            Field(s.Url);
            Field(s.Reference);
            Field(s.PublishedOn?.ToString());
        }
        Field(correlationId.ToString("D"));
        Field(causationId.ToString("D"));
        Bytes(data);
        Field(previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }
}
