namespace RelationsLedger.Application.Serialization;

/// <summary>
/// Files of a binary format a user gives where a text file is read (an export, a batch, a CSV) by mistake — the ledger's own
/// store, an export compressed for keeping — told by their first bytes (their signature). Read as text, each was named line
/// after line "is not UTF-8: the bytes 95 …" or "not valid JSON: '\' …", which said neither what the file is nor what to do.
/// </summary>
internal static class FileSignatures
{
    private static readonly (byte[] Signature, string Problem)[] Known =
    [
        ("SQLite format 3\0"u8.ToArray(),
            "is a SQLite database (a ledger's store?), not text: name the text file itself; a store's events are copied by exporting them (ledger --store FILE export -o EXPORT.ndjson)"),
        ([0x1F, 0x8B], "is compressed with gzip, not text: decompress it first (gunzip, or zcat FILE)"),
        ([0x28, 0xB5, 0x2F, 0xFD], "is compressed with zstd, not text: decompress it first (unzstd, or zstdcat FILE)"),
        ([0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00], "is compressed with xz, not text: decompress it first (unxz, or xzcat FILE)"),
        // bzip2: "BZh", the block size (1-9), then the first block's magic (pi) or, for an empty input, the end's (sqrt pi).
        // "BZh" alone is text a file may begin with; its refusal must not call such a file compressed.
        .. Bzip2("1AY&SY"u8.ToArray()),
        .. Bzip2([0x17, 0x72, 0x45, 0x38, 0x50, 0x90]),
        ("PK\u0003\u0004"u8.ToArray(), "is a zip archive, not text: take the file out of it first (unzip)"),
    ];

    private static IEnumerable<(byte[], string)> Bzip2(byte[] magic) =>
        Enumerable.Range('1', 9).Select(level => (
            (byte[])[.. "BZh"u8, (byte)level, .. magic],
            "is compressed with bzip2, not text: decompress it first (bunzip2, or bzcat FILE)"));

    /// <summary>What is wrong with a file that begins with <paramref name="start"/>, when that is a known binary format's signature; else null.</summary>
    public static string? ProblemOf(ReadOnlySpan<byte> start)
    {
        foreach (var (signature, problem) in Known)
            if (start.StartsWith(signature)) return problem;
        return null;
    }
}
