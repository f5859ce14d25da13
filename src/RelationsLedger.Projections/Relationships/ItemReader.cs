using System.Buffers.Binary;
using System.Text;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Projections.Relationships;

/// <summary>Reads what <see cref="ItemWriter"/> writes; bytes that end early or hold no such value throw <see cref="Malformed"/>.</summary>
internal ref struct ItemReader(ReadOnlySpan<byte> bytes)
{
    // Strict: bytes that are not UTF-8 are refused, not replaced.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _at;

    public readonly bool AtEnd => _at == _bytes.Length;

    public readonly int Remaining => _bytes.Length - _at;

    public byte Byte() => Take(1)[0];

    public ulong Varint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new Malformed($"a number at byte {_at} is longer than 10 bytes");
    }

    public long Signed()
    {
        var v = Varint();
        return (long)(v >> 1) ^ -(long)(v & 1);
    }

    public string String()
    {
        var length = Varint();
        if (length > (ulong)Remaining) throw new Malformed($"a text of {length} bytes at byte {_at} runs past the end");
        return Utf8.GetString(Take((int)length));
    }

    public Guid Uuid() => new(Take(16), bigEndian: true);

    public PartialDate Date()
    {
        var span = Take(3);
        var packed = (span[0] << 16) | BinaryPrimitives.ReadUInt16BigEndian(span[1..]);
        var (year, month, day) = (packed >> 9, (packed >> 5) & 0xF, packed & 0x1F);
        return PartialDate.Create(year, month == 0 ? null : month, day == 0 ? null : day); // FormatException: no such date
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining) throw new Malformed($"it ends at byte {_bytes.Length}, {count - Remaining} bytes short of a value");
        var span = _bytes.Slice(_at, count);
        _at += count;
        return span;
    }

    /// <summary>Bytes that are not an item's binary form.</summary>
    internal sealed class Malformed(string message) : Exception(message);
}
