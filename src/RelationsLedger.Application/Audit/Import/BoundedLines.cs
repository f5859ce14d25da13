using System.Text;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// Reads an export line by line without ever holding more than <see cref="MaxLineChars"/> of one line:
/// a file that is one endless line (or not text at all) costs a bounded amount of memory to refuse. The one way an
/// export is read (the import, <c>verify --file</c>): strict UTF-8, a leading byte-order mark skipped (editors on
/// Windows write one), a line break of <c>\n</c> or <c>\r\n</c>.
/// </summary>
internal sealed class BoundedLines(Stream input) : IDisposable
{
    /// <summary>An export line is one event; a line longer than this is not one.</summary>
    public const int MaxLineChars = 1 << 20;

    // An encoding with a preamble: the reader skips a byte-order mark at the start, and only there.
    private readonly StreamReader _reader = new(input, Utf8Text.Strict, false, 1 << 16, leaveOpen: true);
    private readonly char[] _buffer = new char[1 << 16];
    private int _at, _count;

    /// <summary>How many bytes of the input were read so far (for progress).</summary>
    public long Bytes { get; private set; }

    /// <summary>The next line (null at the end), and whether it was longer than allowed (then its text is not kept).</summary>
    public async Task<(string? Text, bool TooLong)> ReadAsync(CancellationToken ct)
    {
        var line = new StringBuilder();
        var tooLong = false;
        while (true)
        {
            if (_at == _count)
            {
                _count = await _reader.ReadAsync(_buffer, ct);
                _at = 0;
                if (_count == 0) return line.Length == 0 && !tooLong ? (null, false) : Finish(line, tooLong);
            }
            var newline = Array.IndexOf(_buffer, '\n', _at, _count - _at);
            var end = newline < 0 ? _count : newline;
            if (!tooLong)
            {
                if (line.Length + (end - _at) > MaxLineChars) (tooLong, line) = (true, line.Clear());
                else line.Append(_buffer, _at, end - _at);
            }
            Bytes += Encoding.UTF8.GetByteCount(_buffer, _at, end - _at) + (newline < 0 ? 0 : 1);
            _at = newline < 0 ? _count : newline + 1;
            if (newline >= 0) return Finish(line, tooLong);
        }
    }

    private static (string?, bool) Finish(StringBuilder line, bool tooLong)
    {
        if (line.Length > 0 && line[^1] == '\r') line.Length--;
        return (tooLong ? "" : line.ToString(), tooLong);
    }

    public void Dispose() => _reader.Dispose();
}
