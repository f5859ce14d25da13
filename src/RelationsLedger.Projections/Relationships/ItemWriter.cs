using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// Writes the values of an item's binary form (<see cref="ItemCodec"/>): integers as LEB128 varints (zigzag for signed),
/// strings as their UTF-8 length and bytes, a UUID as its 16 bytes most significant first, a partial date in 3 bytes.
/// Over the row writer's <see cref="ArrayBufferWriter{T}"/> itself, a sealed class, rather than <see cref="IBufferWriter{T}"/>:
/// two interface calls a value of every row a rebuild writes were virtual stub dispatch (round 62 of issue #16).
/// </summary>
internal ref struct ItemWriter(ArrayBufferWriter<byte> output)
{
    private readonly ArrayBufferWriter<byte> _output = output;

    public readonly void Byte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    public readonly void Varint(ulong value)
    {
        var span = _output.GetSpan(10);
        var n = 0;
        for (; value >= 0x80; value >>= 7) span[n++] = (byte)(value | 0x80);
        span[n++] = (byte)value;
        _output.Advance(n);
    }

    /// <summary>Zigzag: small negative numbers stay short.</summary>
    public readonly void Signed(long value) => Varint((ulong)((value << 1) ^ (value >> 63)));

    public readonly void String(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)length);
        var span = _output.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        _output.Advance(length);
    }

    public readonly void Uuid(Guid value)
    {
        value.TryWriteBytes(_output.GetSpan(16), bigEndian: true, out _);
        _output.Advance(16);
    }

    /// <summary>Year (1..9999), month (0: none) and day (0: none) as year × 512 + month × 32 + day, 23 bits in 3 bytes.</summary>
    public readonly void Date(PartialDate value)
    {
        var packed = (value.Year << 9) | ((value.Month ?? 0) << 5) | (value.Day ?? 0);
        var span = _output.GetSpan(3);
        span[0] = (byte)(packed >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)packed);
        _output.Advance(3);
    }
}
