using System.Text;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// Reads an export line by line without ever holding more than <see cref="MaxLineChars"/> of one line:
/// a file that is one endless line (or not text at all) costs a bounded amount of memory to refuse. The one way an
/// export is read (the import, <c>verify --file</c>): strict UTF-8, a leading byte-order mark skipped (editors on
/// Windows write one), a line break of <c>\n</c> or <c>\r\n</c>.
/// <para>
/// The bytes are split into lines before they are decoded, each line on its own: bytes that are not UTF-8 then fail the
/// read of their own line, which is the line named (a reader that decodes the file in blocks fails at the block's first line).
/// </para>
/// </summary>
internal sealed class BoundedLines(Stream input)
{
    /// <summary>An export line is one event; a line longer than this is not one.</summary>
    public const int MaxLineChars = 1 << 20;

    private const int BlockBytes = 1 << 16;
    private readonly Decoder _decoder = Utf8Text.Strict.GetDecoder();
    private readonly byte[] _bytes = new byte[BlockBytes];
    private readonly char[] _chars = new char[Utf8Text.Strict.GetMaxCharCount(BlockBytes)];
    private int _at, _count;
    private bool _first = true, _stopped;

    /// <summary>How many bytes of the input were read so far (for progress).</summary>
    public long Bytes { get; private set; }

    /// <summary>
    /// The next line (null at the end), and whether it was longer than allowed (then its text is not kept). A line that is
    /// not UTF-8 throws <see cref="DecoderFallbackException"/> (<see cref="Utf8Text.NotUtf8(DecoderFallbackException)"/>).
    /// A line longer than allowed is the last one read: the input is not an export, and its end may never come (before,
    /// <c>ledger import /dev/zero</c>, or a FIFO whose producer writes no line break, read on forever looking for it).
    /// </summary>
    public async Task<(string? Text, bool TooLong)> ReadAsync(CancellationToken ct)
    {
        if (_stopped) return (null, false);
        var line = new StringBuilder();
        var any = false;
        while (true)
        {
            if (_at == _count)
            {
                _count = await input.ReadAsync(_bytes, ct);
                _at = 0;
                if (_count == 0)
                {
                    if (!any) return (null, false);
                    return Finish(line, Decode([], flush: true, line)); // a character cut at the end of the file is named here
                }
            }
            any = true;
            var newline = Array.IndexOf(_bytes, (byte)'\n', _at, _count - _at);
            var end = newline < 0 ? _count : newline;
            var tooLong = Decode(_bytes.AsSpan(_at, end - _at), flush: newline >= 0, line);
            Bytes += end - _at + (newline < 0 ? 0 : 1);
            _at = newline < 0 ? _count : newline + 1;
            if (tooLong) _stopped = true;
            if (newline >= 0 || tooLong) return Finish(line, tooLong);
        }
    }

    /// <summary>Decodes a piece of the line (a character may go on in the next block: <paramref name="flush"/> only at its end); whether it is now too long.</summary>
    private bool Decode(ReadOnlySpan<byte> bytes, bool flush, StringBuilder line)
    {
        var count = _decoder.GetChars(bytes, _chars, flush);
        if (line.Length + count > MaxLineChars)
        {
            line.Clear();
            return true;
        }
        line.Append(_chars, 0, count);
        return false;
    }

    private (string?, bool) Finish(StringBuilder line, bool tooLong)
    {
        if (_first && line.Length > 0 && line[0] == '\uFEFF') line.Remove(0, 1); // the byte-order mark, at the start of the file only
        _first = false;
        if (line.Length > 0 && line[^1] == '\r') line.Length--;
        return (tooLong ? "" : line.ToString(), tooLong);
    }
}
