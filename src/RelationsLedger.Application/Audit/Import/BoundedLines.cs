using System.Buffers;
using System.Text;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// Reads an export line by line without ever holding more than <see cref="MaxLineChars"/> of one line:
/// a file that is one endless line (or not text at all) costs a bounded amount of memory to refuse. The one way an
/// export is read (the import, <c>verify --file</c>): strict UTF-8, a leading byte-order mark skipped (editors on
/// Windows write one), a line break of <c>\n</c> or <c>\r\n</c>; a file that begins with the mark of UTF-16 or UTF-32, or
/// is of a binary format (a SQLite store, a gzip file), is one problem at line 1 (<see cref="Utf8Text.NotText"/>), and not read further.
/// <para>
/// The bytes are split into lines before they are decoded, each line on its own: bytes that are not UTF-8 then fail the
/// read of their own line, which is the line named (a reader that decodes the file in blocks fails at the block's first line).
/// A line is handed on as its UTF-8 bytes, checked by the strict decoder (and its length counted in characters by it), not as
/// a string: its readers parse JSON, which reads UTF-8, and a string was decoded only to be encoded again by the parser
/// (with a builder and a copy of each line on the way: ~4 % of an import's CPU by its profile, round 31).
/// The reading goes on at the next line: a line break (byte 0A) is never part of a UTF-8 sequence, so the line after one
/// that is not UTF-8 is read as it is, and every such line of a file is named (before, the first one ended the reading).
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
    private readonly ArrayBufferWriter<byte> _line = new();
    private int _at, _count, _lineChars;
    private bool _first = true, _stopped;

    /// <summary>How many bytes of the input were read so far (for progress).</summary>
    public long Bytes { get; private set; }

    /// <summary>
    /// The next line (null at the end): its text, or why it has none — it is not UTF-8 (the reading goes on at the next line),
    /// or it is longer than allowed. A line longer than allowed is the last one read: the input is not an export, and its end
    /// may never come (before, <c>ledger import /dev/zero</c>, or a FIFO whose producer writes no line break, read on forever
    /// looking for it). So is a line that is not UTF-8 and goes on past <see cref="MaxLineChars"/> bytes. A value task, awaited
    /// once: most lines are in the block already read and complete at once, without a task made for each. The line's bytes are
    /// the reader's: the next read writes over them, so a caller that keeps a line keeps a copy.
    /// </summary>
    public async ValueTask<ExportLineText?> ReadAsync(CancellationToken ct)
    {
        if (_stopped) return null;
        var line = _line;
        line.ResetWrittenCount();
        _lineChars = 0;
        var any = false;
        string? problem = null; // once there is one, the rest of the line is passed over, not kept
        long bytes = 0;
        while (true)
        {
            if (_at == _count)
            {
                _count = await input.ReadAsync(_bytes, ct);
                _at = 0;
                if (_first && Bytes == 0 && Utf8Text.NotText(_bytes.AsSpan(0, _count)) is { } whole)
                {
                    // Wrong throughout: named once, and not read further (each line was named "not UTF-8" or "not valid JSON: '0x00'").
                    _stopped = true;
                    return new(ReadOnlyMemory<byte>.Empty, whole);
                }
                if (_count == 0)
                {
                    if (!any) return null;
                    return Finish(line, problem ?? Decode([], flush: true, line)); // a character cut at the end of the file is named here
                }
            }
            any = true;
            var newline = Array.IndexOf(_bytes, (byte)'\n', _at, _count - _at);
            var end = newline < 0 ? _count : newline;
            bytes += end - _at;
            if (problem is null) problem = Decode(_bytes.AsSpan(_at, end - _at), flush: newline >= 0, line);
            else if (bytes > MaxLineChars && !_stopped)
            {
                problem += $"; the line goes on past {MaxLineChars:N0} bytes without a line break: the file was not read further";
                _stopped = true;
            }
            Bytes += end - _at + (newline < 0 ? 0 : 1);
            _at = newline < 0 ? _count : newline + 1;
            if (newline >= 0 || _stopped) return Finish(line, problem);
        }
    }

    /// <summary>
    /// Decodes a piece of the line (a character may go on in the next block: <paramref name="flush"/> only at its end); what
    /// is wrong with the line once it is too long (the reading stops) or not UTF-8, else null.
    /// </summary>
    private string? Decode(ReadOnlySpan<byte> bytes, bool flush, ArrayBufferWriter<byte> line)
    {
        int count;
        try
        {
            count = _decoder.GetChars(bytes, _chars, flush);
        }
        catch (DecoderFallbackException e)
        {
            _decoder.Reset(); // the next line starts afresh
            line.ResetWrittenCount();
            return Utf8Text.NotUtf8(e);
        }
        if (_lineChars + count > MaxLineChars)
        {
            line.ResetWrittenCount();
            _stopped = true;
            return $"is longer than {MaxLineChars:N0} characters: an export line is one event (docs/audit.md); the file was not read further";
        }
        _lineChars += count;
        line.Write(bytes); // the bytes just decoded: UTF-8 as strict decoding accepted it
        return null;
    }

    /// <summary>The byte-order mark in UTF-8 (U+FEFF), as the strict decoder reads it at the start of a line.</summary>
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private ExportLineText Finish(ArrayBufferWriter<byte> line, string? problem)
    {
        var bytes = line.WrittenMemory;
        if (_first && bytes.Span.StartsWith(ByteOrderMark)) bytes = bytes[ByteOrderMark.Length..]; // at the start of the file only
        _first = false;
        if (problem is not null) return new(ReadOnlyMemory<byte>.Empty, problem);
        if (bytes.Length > 0 && bytes.Span[^1] == (byte)'\r') bytes = bytes[..^1];
        // The reader's own buffer, valid until the next read: the import copies a chunk's lines into blocks it reuses
        // (LineChecker's ChunkBytes), verify --file is done with a line before it reads the next. An array a line was ~0.9 KB of
        // the ~6.9 KB a line of an import allocated (round 66).
        return new(bytes, null);
    }
}

/// <summary>
/// A line of an export as text — its UTF-8 bytes, which strict decoding accepted, without the line break (or a byte-order
/// mark at the start of the file) — or, <see cref="Problem"/>, why it cannot be read as text: it is not UTF-8, or it is too
/// long. The problem is the line's as a whole (<c>(line)</c>), in the words the import and <c>verify --file</c> both give.
/// </summary>
internal readonly record struct ExportLineText(ReadOnlyMemory<byte> Utf8, string? Problem)
{
    /// <summary>
    /// Whether the line holds nothing but white space (<see cref="string.IsNullOrWhiteSpace"/> of its text): such a line is
    /// passed over. Its ASCII is looked at byte by byte; from its first other byte on, its text is decoded and asked.
    /// </summary>
    public bool IsBlank
    {
        get
        {
            var bytes = Utf8.Span;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] >= 0x80) return string.IsNullOrWhiteSpace(Utf8Text.Strict.GetString(bytes[i..]));
                if (!char.IsWhiteSpace((char)bytes[i])) return false;
            }
            return true;
        }
    }
}
