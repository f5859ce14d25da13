using System.Text;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Application.Tests.Import;

/// <summary>
/// The import and <c>verify --file</c> take each line as the UTF-8 bytes <see cref="BoundedLines"/> read, not as a string
/// (round 31). What they get must be the line as the plain reading gives it: the file split at <c>\n</c>, each piece decoded
/// strictly, a byte-order mark dropped at the start of the file, a <c>\r</c> before the break dropped, and a line of white
/// space alone passed over (<see cref="string.IsNullOrWhiteSpace"/> of that text). The bytes' own shortcuts — a byte-order
/// mark and <c>\r</c> found as bytes, white space looked at byte by byte while it is ASCII — are held to it here.
/// </summary>
public sealed class BoundedLinesTests
{
    /// <summary>White space and its look-alikes, one or more UTF-8 bytes each; U+FEFF and U+200B are not white space.</summary>
    private static readonly string[] Blanks =
        [" ", "\t", "\v", "\f", "\r", "\u001c", "\u001f", "\u0085", "\u00a0", "\u1680", "\u2007", "\u2028", "\u3000", "\ufeff", "\u200b"];

    private static readonly string[] Words = ["{\"a\":1}", "x", "é", "ü", "€", "😀", "\"", "{", " ", "\r"];

    private static readonly byte[][] NotUtf8 = [[0xff], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0xaf]];

    [Fact]
    public async Task Every_line_is_the_plain_readings_text_as_UTF8_and_blank_where_that_text_is_white_space()
    {
        var random = new Random(31);
        for (var file = 0; file < 60; file++)
        {
            var bytes = File(random);
            // Reads of any size, so that lines, characters and the byte-order mark are cut between blocks.
            var got = await ReadAll(new Trickle(bytes, bytes.Length < 20_000 && random.Next(3) == 0 ? 1 : random.Next(2, 70_000)));
            var expected = PlainReading(bytes);
            Assert.Equal(expected.Count, got.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                var (text, problem) = expected[i];
                var line = got[i];
                Assert.True((problem is null) == (line.Problem is null), $"file {file}, line {i + 1}: {line.Problem ?? "no problem"}, the plain reading: {problem ?? "no problem"}");
                if (problem is not null) continue;
                Assert.True(text == Encoding.UTF8.GetString(line.Utf8.Span), $"file {file}, line {i + 1}: the bytes are not the line's text");
                Assert.True(string.IsNullOrWhiteSpace(text) == line.IsBlank, $"file {file}, line {i + 1}: blank {line.IsBlank}, its text {Escaped(text)}");
            }
        }
    }

    [Fact]
    public async Task A_file_of_white_space_beyond_ASCII_is_blank_line_by_line_and_its_first_line_loses_only_the_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetBytes("\ufeff \u00a0\t\r\n\u3000\n\ufeff\n \u200b\r\n\u0085\u2028");
        var lines = await ReadAll(new MemoryStream(bytes));
        Assert.Equal([true, true, false, false, true], lines.Select(l => l.IsBlank));
        Assert.Equal(" \u00a0\t", Encoding.UTF8.GetString(lines[0].Utf8.Span));
        Assert.Equal("\ufeff", Encoding.UTF8.GetString(lines[2].Utf8.Span)); // a mark on a later line is the line's own
    }

    /// <summary>
    /// The limit is on a line's characters (UTF-16, as the decoder counts them, a character beyond the BMP two), not its bytes,
    /// and on each line alone. Two-byte characters put the line at 2 MiB of bytes: a count of bytes would refuse it.
    /// </summary>
    [Fact]
    public async Task A_line_of_exactly_the_most_characters_is_read_one_more_is_refused_and_lines_do_not_add_up()
    {
        var line = "{\"😀" + new string('é', BoundedLines.MaxLineChars - 8) + "😀\"}";
        Assert.Equal(BoundedLines.MaxLineChars, line.Length);
        var file = Encoding.UTF8.GetBytes($"{line}\n{line}\n{line}\n{line}x\n{line}\n");

        var lines = await ReadAll(new Trickle(file, 7_001));

        Assert.Equal(4, lines.Count); // the reading stops at the line too long
        for (var i = 0; i < 3; i++)
        {
            Assert.True(lines[i].Problem is null, $"line {i + 1}: {lines[i].Problem}");
            Assert.True(line == Encoding.UTF8.GetString(lines[i].Utf8.Span), $"line {i + 1} is not the line written");
        }
        Assert.StartsWith($"is longer than {BoundedLines.MaxLineChars:N0} characters", lines[3].Problem);
    }

    private static async Task<List<ExportLineText>> ReadAll(Stream input)
    {
        var reader = new BoundedLines(input);
        var lines = new List<ExportLineText>();
        while (await reader.ReadAsync(default) is { } line) lines.Add(line with { Utf8 = line.Utf8.ToArray() }); // the reader's bytes are its own until the next read
        return lines;
    }

    /// <summary>The plain reading: split, decode strictly, drop the mark at the start of the file and a <c>\r</c> at a line's end.</summary>
    private static List<(string Text, string? Problem)> PlainReading(byte[] file)
    {
        var lines = new List<(string, string?)>();
        if (file.Length == 0) return lines;
        var pieces = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < file.Length; i++)
            if (file[i] == (byte)'\n') { pieces.Add(file[start..i]); start = i + 1; }
        if (start < file.Length) pieces.Add(file[start..]);
        foreach (var (piece, index) in pieces.Select((p, i) => (p, i)))
        {
            string text;
            try { text = Utf8Text.Strict.GetString(piece); }
            catch (DecoderFallbackException e) { lines.Add(("", e.Message)); continue; }
            if (index == 0 && text.StartsWith('\ufeff')) text = text[1..];
            if (text.EndsWith('\r')) text = text[..^1];
            lines.Add((text, null));
        }
        return lines;
    }

    private static byte[] File(Random random)
    {
        var file = new List<byte>();
        if (random.Next(3) == 0) file.AddRange(Encoding.UTF8.GetBytes("\ufeff"));
        var lines = random.Next(1, 400);
        for (var l = 0; l < lines; l++)
        {
            var kind = random.Next(6);
            var parts = kind == 5 && random.Next(20) == 0 ? random.Next(2_000, 40_000) : random.Next(0, 12); // now and then a line longer than a block
            for (var p = 0; p < parts; p++)
            {
                if (kind == 0 && random.Next(40) == 0) file.AddRange(NotUtf8[random.Next(NotUtf8.Length)]);
                else file.AddRange(Encoding.UTF8.GetBytes(kind is 1 or 2 ? Blanks[random.Next(Blanks.Length)] : Words[random.Next(Words.Length)]));
            }
            if (l < lines - 1 || random.Next(2) == 0) file.AddRange(random.Next(3) == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
        }
        return [.. file];
    }

    private static string Escaped(string text) =>
        string.Concat(text.Take(40).Select(c => c < 0x80 && !char.IsControl(c) ? c.ToString() : $"\\u{(int)c:x4}"));

    /// <summary>A file read back in pieces of at most <paramref name="most"/> bytes, as a pipe or a slow disk gives them.</summary>
    private sealed class Trickle(byte[] bytes, int most) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, most)], cancellationToken);
    }
}
