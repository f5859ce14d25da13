using System.IO.Compression;
using System.Text;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Application.Tests.Serialization;

/// <summary>
/// A file of a binary format given where text is read is named by its format (<see cref="Utf8Text.NotText"/>); text that only
/// begins like one is not. The first bytes here are those the real tools wrote (<c>printf '{"a":1}\n' | bzip2 -c</c>, and
/// <c>xz</c>, <c>zstd</c>, <c>bzip2</c> of an empty input, Debian 12); gzip and zip are written by .NET itself.
/// </summary>
public sealed class FileSignaturesTests
{
    public static TheoryData<string, byte[], string> Compressed => new()
    {
        { "bzip2 -9", [0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0xba, 0xc6], "bzip2" },
        { "bzip2 -1", [0x42, 0x5a, 0x68, 0x31, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0xba, 0xc6], "bzip2" },
        { "bzip2 of nothing", [0x42, 0x5a, 0x68, 0x39, 0x17, 0x72, 0x45, 0x38, 0x50, 0x90, 0x00, 0x00], "bzip2" },
        { "xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04, 0xe6, 0xd6, 0xb4, 0x46], "xz" },
        { "zstd", [0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x08, 0x41, 0x00, 0x00, 0x7b, 0x22, 0x61], "zstd" },
        { "gzip", GZip("{\"a\":1}\n"), "gzip" },
        { "zip", Zip("{\"a\":1}\n"), "zip archive" },
    };

    [Theory]
    [MemberData(nameof(Compressed))]
    public void A_compressed_file_is_named_by_its_format(string made, byte[] start, string format)
    {
        var problem = Utf8Text.NotText(start);
        Assert.True(problem is not null, made);
        Assert.Contains(format, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BZh, a line of text\n")]
    [InlineData("BZh9 and more text\n")]
    [InlineData("PK and then text\n")]
    [InlineData("SQLite format 3 is the header of a store\n")]
    [InlineData("{\"a\":1}\n")]
    public void Text_that_begins_like_a_format_is_not_named_as_one(string text) =>
        Assert.Null(Utf8Text.NotText(Encoding.UTF8.GetBytes(text)));

    private static byte[] GZip(string text)
    {
        using var bytes = new MemoryStream();
        using (var gzip = new GZipStream(bytes, CompressionLevel.Optimal)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return bytes.ToArray();
    }

    private static byte[] Zip(string text)
    {
        using var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create))
        using (var entry = zip.CreateEntry("export.ndjson").Open()) entry.Write(Encoding.UTF8.GetBytes(text));
        return bytes.ToArray();
    }
}
