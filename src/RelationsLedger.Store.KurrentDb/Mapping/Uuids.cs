using System.Buffers.Binary;
using RelationsLedger.Store.KurrentDb.Protocol;

namespace RelationsLedger.Store.KurrentDb.Mapping;

/// <summary>Event ids on the wire. The ledger's event id is the KurrentDB event id, unchanged.</summary>
internal static class Uuids
{
    public static UUID ToDto(Guid id) => new() { String = id.ToString("D") };

    public static Guid FromDto(UUID? dto) => dto?.ValueCase switch
    {
        UUID.ValueOneofCase.String => Guid.TryParse(dto.String, out var g) ? g
            : throw new InvalidDataException($"The server sent an event id '{dto.String}' that is not a UUID."),
        UUID.ValueOneofCase.Structured => FromBits(dto.Structured.MostSignificantBits, dto.Structured.LeastSignificantBits),
        _ => throw new InvalidDataException("The server sent an event without an id."),
    };

    /// <summary>
    /// The structured form is the UUID's 16 bytes in RFC 4122 (big-endian) order, split in two
    /// 64-bit halves, as Java's UUID holds them.
    /// </summary>
    public static Guid FromBits(long mostSignificant, long leastSignificant)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, mostSignificant);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], leastSignificant);
        return new Guid(bytes, bigEndian: true);
    }

    public static (long Most, long Least) ToBits(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return (BinaryPrimitives.ReadInt64BigEndian(bytes), BinaryPrimitives.ReadInt64BigEndian(bytes[8..]));
    }
}
