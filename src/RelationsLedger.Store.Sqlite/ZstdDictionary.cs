using System.Security.Cryptography;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// The zstd dictionaries of the store file's version 4 layout (<see cref="CompactJson.Zstd"/>), and the compression contexts
/// that use them, one of each per thread and reused for every value (a context's tables and the dictionary's are made once,
/// not per value: what made version 3's Brotli cost ~45 µs an event to write).
/// </summary>
/// <remarks>
/// A dictionary is part of the file format: each stored value names the one it was compressed with (its id, one byte), and a
/// dictionary's bytes never change — a new one is a new id, and every id ever written stays readable. Dictionary 1
/// (<c>Dictionaries/event-json-1.zdict</c>, raw content, 2,656 bytes) holds only what the event contract itself fixes
/// (docs/events.md): the envelope's keys in their order with the holes of its ids and hashes, each event type's name and its
/// data's keys in their order, the enumerations' values, an entry correction's shape. Nothing of any ledger's content
/// (no publisher, party or text), so it favours no data set, the benchmark's included.
/// </remarks>
internal static class ZstdDictionary
{
    /// <summary>The dictionary new values are written with.</summary>
    public const byte Current = 1;

    /// <summary>
    /// Level 3, zstd's default (chosen by measurement, docs/performance.md round 44). Frames without their magic number, checksum, content size or
    /// dictionary id: the stored value's own header holds the length and the dictionary, and the event's hash checks its bytes.
    /// </summary>
    private const int Level = 3;

    /// <summary>The SHA-256 of each dictionary's bytes, by id: a dictionary whose bytes differ is not that dictionary.</summary>
    private static readonly string[] Sha256 = ["", "6ffa0b3094a69959f336b0511f31603ccf18a7d78977b2005b605eb6b0dba009"];

    private static readonly Lazy<byte[]>[] Dictionaries = [new(() => []), new(() => Load(1))];

    [ThreadStatic] private static Compressor? _compressor;
    [ThreadStatic] private static Decompressor?[]? _decompressors;

    public static bool Knows(byte id) => id is > 0 and < 2;

    /// <summary>The bytes of dictionary <paramref name="id"/>, as embedded in this assembly and checked against their hash.</summary>
    internal static byte[] Bytes(byte id) => Dictionaries[id].Value;

    public static bool TryCompress(ReadOnlySpan<byte> text, Span<byte> into, out int written)
    {
        var compressor = _compressor ??= NewCompressor();
        return compressor.TryWrap(text, into, out written);
    }

    /// <summary>False when the frame is not one this dictionary's context decodes into <paramref name="into"/> (an edited value).</summary>
    public static bool TryDecompress(byte id, ReadOnlySpan<byte> frame, Span<byte> into, out int written)
    {
        var decompressors = _decompressors ??= new Decompressor?[Dictionaries.Length];
        var decompressor = decompressors[id] ??= NewDecompressor(id);
        try
        {
            return decompressor.TryUnwrap(frame, into, out written);
        }
        catch (ZstdException)
        {
            written = 0;
            return false;
        }
    }

    private static Compressor NewCompressor()
    {
        var c = new Compressor(Level);
        c.SetParameter(ZSTD_cParameter.ZSTD_c_experimentalParam2, (int)ZSTD_format_e.ZSTD_f_zstd1_magicless); // ZSTD_c_format
        c.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 0);
        c.SetParameter(ZSTD_cParameter.ZSTD_c_contentSizeFlag, 0);
        c.SetParameter(ZSTD_cParameter.ZSTD_c_dictIDFlag, 0);
        // Literals kept raw, not Huffman-coded: a value is a few hundred bytes, so each frame's Huffman table was most of its
        // decoding (read and built for every value); raw, an event takes ~1.6 bytes more and decodes in half the time
        // (docs/performance.md, round 45). Every reader of version 4 reads both (they are zstd's own block types).
        c.SetParameter(ZSTD_cParameter.ZSTD_c_experimentalParam5, (int)ZSTD_paramSwitch_e.ZSTD_ps_disable); // ZSTD_c_literalCompressionMode
        c.LoadDictionary(Bytes(Current));
        return c;
    }

    private static Decompressor NewDecompressor(byte id)
    {
        var d = new Decompressor();
        d.SetParameter(ZSTD_dParameter.ZSTD_d_experimentalParam1, (int)ZSTD_format_e.ZSTD_f_zstd1_magicless); // ZSTD_d_format
        d.LoadDictionary(Bytes(id));
        return d;
    }

    private static byte[] Load(byte id)
    {
        var name = $"RelationsLedger.Store.Sqlite.Dictionaries.event-json-{id}.zdict";
        using var stream = typeof(ZstdDictionary).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The zstd dictionary {id} ({name}) is not in this build: this is a bug.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        var dictionary = bytes.ToArray();
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(dictionary)), Sha256[id], StringComparison.Ordinal))
            throw new InvalidOperationException($"The zstd dictionary {id} in this build is not the one its id names (its SHA-256 differs): this is a bug.");
        return dictionary;
    }
}
