using System.Buffers;
using System.IO.Compression;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// How an event's JSON (its <c>data</c>, its envelope) is kept in a store file of version 3 (<see cref="Schema.CompactLayout"/>),
/// and read back byte for byte: every reader gets the bytes that were written, so hashes, digests and exports are unchanged.
/// </summary>
/// <remarks>
/// A stored value is one of three forms, told by its first byte:
/// <list type="bullet">
/// <item>anything but 0x00 and 0x01 (the ledger's JSON starts with <c>{</c>): the JSON as is — every value of a version 1 or 2 file;</item>
/// <item>0x00: the JSON as is after that byte (a value that itself starts with 0x00 or 0x01, which the ledger never writes);</item>
/// <item>0x01 (<see cref="Compact"/>): the length of the JSON's text without its hashes and UUIDs (unsigned LEB128), the length of
/// those values' bytes (the same), the bytes of every 64-hex-digit string (a hash, 32 bytes) and every 36-character UUID string
/// (16 bytes, most significant first) in the order they appear, then the rest of the JSON compressed (Brotli), in which each such
/// string's digits are one byte (0x01 for a hash, 0x02 for a UUID; a JSON text never holds these bytes raw).</item>
/// </list>
/// A value is kept compact only when decoding it gives back exactly the bytes written (checked as it is written), and it is
/// shorter; otherwise it is kept as is. The hashes and ids are most of an envelope and do not compress: as binary they are half
/// their text.
/// </remarks>
internal static class CompactJson
{
    public const byte Escaped = 0x00, Compact = 0x01, Zstd = 0x02;
    private const byte HashHole = 0x01, UuidHole = 0x02;
    private const int HashText = 64, HashBytes = 32, UuidText = 36, UuidBytes = 16;

    /// <summary>
    /// Brotli quality 9, window 2^16: within 1–2 % of quality 11 on envelopes at a tenth of its time. Quality 5 gives the same
    /// bytes for ~10 % less CPU in a loop, but made <c>ledger store upgrade</c> take 8× the CPU, most of it the kernel's: its
    /// smaller encoder state, allocated and freed for each value, grew and trimmed the process's heap each time (a <c>brk</c>
    /// call per value); measured and not kept (docs/performance.md, round 42).
    /// </summary>
    private const int Quality = 9, Window = 16;

    /// <summary>No event's JSON is this long (the import and the API refuse far less): a stored length above it is not the ledger's.</summary>
    private const int MaxLength = 64 * 1024 * 1024;

    /// <summary>The form to store <paramref name="json"/> in a version 3 file (Brotli, <see cref="Compact"/>).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> json) => Encode(json, Compact);

    /// <summary>
    /// The form to store <paramref name="json"/> in: <paramref name="form"/> is <see cref="Compact"/> (version 3, Brotli) or
    /// <see cref="Zstd"/> (version 4, zstd with <see cref="ZstdDictionary.Current"/>).
    /// </summary>
    public static byte[] Encode(ReadOnlySpan<byte> json, byte form)
    {
        if (TryCompact(json, form) is { } compact) return compact;
        if (json.Length > 0 && json[0] is Escaped or Compact or Zstd) return [Escaped, .. json];
        return json.ToArray();
    }

    private static byte[]? TryCompact(ReadOnlySpan<byte> json, byte form)
    {
        // A raw 0x01 or 0x02 would read back as a hash or an id: such a value (not the ledger's JSON) is kept as is.
        if (json.Length < 2 * UuidText || json.IndexOfAny(HashHole, UuidHole) >= 0) return null;
        var text = ArrayPool<byte>.Shared.Rent(json.Length);
        var binary = ArrayPool<byte>.Shared.Rent(json.Length / 2);
        var packed = ArrayPool<byte>.Shared.Rent(json.Length + 64);
        try
        {
            var (t, b) = Split(json, text, binary);
            var header = (form == Zstd ? 1 : 0) + Leb128Length(t) + Leb128Length(b);
            int squeezed;
            if (form == Zstd)
            {
                if (!ZstdDictionary.TryCompress(text.AsSpan(0, t), packed, out squeezed)) return null;
            }
            else if (!BrotliEncoder.TryCompress(text.AsSpan(0, t), packed, out squeezed, Quality, Window)) return null;
            var size = 1 + header + b + squeezed;
            if (size >= json.Length) return null;
            var stored = new byte[size];
            stored[0] = form;
            var at = 1;
            if (form == Zstd) stored[at++] = ZstdDictionary.Current;
            at += WriteLeb128(stored.AsSpan(at), t);
            at += WriteLeb128(stored.AsSpan(at), b);
            binary.AsSpan(0, b).CopyTo(stored.AsSpan(at));
            packed.AsSpan(0, squeezed).CopyTo(stored.AsSpan(at + b));
            // Kept only if it reads back as exactly what was given: the record's bytes are its hash's input.
            return TryDecode(stored, out var back, out _) && back.AsSpan().SequenceEqual(json) ? stored : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
            ArrayPool<byte>.Shared.Return(binary);
            ArrayPool<byte>.Shared.Return(packed);
        }
    }

    /// <summary>
    /// <paramref name="json"/> as its text with each hash and UUID string's digits one byte (a hole), and those values' bytes in
    /// the order they appear: returns the lengths of both.
    /// </summary>
    private static (int Text, int Binary) Split(ReadOnlySpan<byte> json, Span<byte> text, Span<byte> binary)
    {
        int t = 0, b = 0;
        Span<char> digits = stackalloc char[UuidText];
        for (var i = 0; i < json.Length; i++)
        {
            text[t++] = json[i];
            if (json[i] != (byte)'"') continue;
            var rest = json[(i + 1)..];
            if (IsHash(rest))
            {
                for (var k = 0; k < HashBytes; k++) binary[b++] = (byte)((Nibble(rest[2 * k]) << 4) | Nibble(rest[2 * k + 1]));
                text[t++] = HashHole;
                i += HashText;
            }
            else if (IsUuid(rest))
            {
                for (var k = 0; k < UuidText; k++) digits[k] = (char)rest[k];
                Guid.ParseExact(digits, "D").TryWriteBytes(binary.Slice(b, UuidBytes), bigEndian: true, out _);
                b += UuidBytes;
                text[t++] = UuidHole;
                i += UuidText;
            }
        }
        return (t, b);
    }

    /// <summary>
    /// The JSON a stored value holds, in whichever form it is. False, with why, when a compact value does not decode — only an
    /// edit of the file makes one: the ledger checks each as it writes it.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> stored, out byte[] json, out string? why)
    {
        json = [];
        why = null;
        if (stored.IsEmpty || stored[0] is not (Escaped or Compact or Zstd))
        {
            json = stored.ToArray();
            return true;
        }
        if (stored[0] == Escaped)
        {
            json = stored[1..].ToArray();
            return true;
        }
        var at = 1;
        var form = stored[0];
        var dictionary = form == Zstd && stored.Length > 1 ? stored[at++] : (byte)0;
        if (form == Zstd && !ZstdDictionary.Knows(dictionary))
            return Fail(stored.Length > 1 ? $"it names zstd dictionary {dictionary}, which this ledger does not have (it has {ZstdDictionary.Current}): use a newer ledger" : "it is cut short", out why);
        if (!TryReadLeb128(stored, ref at, out var textLength) || !TryReadLeb128(stored, ref at, out var binaryLength)
            || textLength > MaxLength || binaryLength > stored.Length - at)
            return Fail("its lengths are not those of a value the ledger wrote", out why);
        var binary = stored.Slice(at, binaryLength);
        var rented = textLength > ScratchLength ? ArrayPool<byte>.Shared.Rent(textLength) : null;
        try
        {
            var text = (rented ?? (_scratch ??= new byte[ScratchLength])).AsSpan(0, textLength);
            var packed = stored[(at + binaryLength)..];
            var written = 0;
            if (!(form == Zstd
                    ? ZstdDictionary.TryDecompress(dictionary, packed, text, out written)
                    : BrotliDecoder.TryDecompress(packed, text, out written)) || written != textLength)
                return Fail("its compressed text does not decompress to its stated length", out why);
            var hashes = text.Count(HashHole);
            var ids = text.Count(UuidHole);
            if ((long)hashes * HashBytes + (long)ids * UuidBytes != binaryLength)
                return Fail("its hashes and ids do not match their places in its text", out why);
            json = GC.AllocateUninitializedArray<byte>(textLength + hashes * (HashText - 1) + ids * (UuidText - 1));
            Refill(text, binary, json);
            return true;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Writes <paramref name="text"/> into <paramref name="json"/> with each hole refilled from <paramref name="binary"/>: the runs
    /// between holes copied whole (an envelope is a few runs; copied byte by byte, this was a third of a value's decoding).
    /// </summary>
    private static void Refill(ReadOnlySpan<byte> text, ReadOnlySpan<byte> binary, Span<byte> json)
    {
        while (true)
        {
            var hole = text.IndexOfAny(HashHole, UuidHole);
            var run = hole < 0 ? text : text[..hole];
            run.CopyTo(json);
            if (hole < 0) return;
            json = json[run.Length..];
            if (text[hole] == HashHole)
            {
                Convert.TryToHexStringLower(binary[..HashBytes], json[..HashText], out _);
                binary = binary[HashBytes..];
                json = json[HashText..];
            }
            else
            {
                new Guid(binary[..UuidBytes], bigEndian: true).TryFormat(json[..UuidText], out _, "D");
                binary = binary[UuidBytes..];
                json = json[UuidText..];
            }
            text = text[(hole + 1)..];
        }
    }

    /// <summary>
    /// The decompressed text of a value, one buffer per thread (a value is decoded start to end on one thread): the ledger's
    /// values are a few hundred bytes; a longer one (a hostile length is refused above <see cref="MaxLength"/>) is rented.
    /// </summary>
    private const int ScratchLength = 16 * 1024;

    [ThreadStatic] private static byte[]? _scratch;

    private static bool Fail(string reason, out string why)
    {
        why = reason;
        return false;
    }

    /// <summary>64 lowercase hexadecimal digits and a closing quote: how the ledger writes a hash (uppercase would not read back).</summary>
    private static bool IsHash(ReadOnlySpan<byte> s) =>
        s.Length > HashText && s[HashText] == (byte)'"' && !s[..HashText].ContainsAnyExcept(LowerHex);

    private static readonly SearchValues<byte> LowerHex = SearchValues.Create("0123456789abcdef"u8);

    /// <summary>A lowercase UUID in its 36-character form ("D") and a closing quote.</summary>
    private static bool IsUuid(ReadOnlySpan<byte> s)
    {
        if (s.Length <= UuidText || s[UuidText] != (byte)'"') return false;
        for (var i = 0; i < UuidText; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? s[i] != (byte)'-' : !char.IsAsciiHexDigitLower((char)s[i])) return false;
        }
        return true;
    }

    private static int Nibble(byte hexDigit) => hexDigit <= '9' ? hexDigit - '0' : hexDigit - 'a' + 10;

    private static int Leb128Length(int value) => value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;

    private static int WriteLeb128(Span<byte> to, int value)
    {
        var i = 0;
        var v = (uint)value;
        while (v >= 0x80)
        {
            to[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        to[i++] = (byte)v;
        return i;
    }

    private static bool TryReadLeb128(ReadOnlySpan<byte> from, ref int at, out int value)
    {
        value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (at >= from.Length) return false;
            var b = from[at++];
            value |= (b & 0x7F) << shift;
            if (b < 0x80) return value >= 0;
        }
        return false;
    }
}
