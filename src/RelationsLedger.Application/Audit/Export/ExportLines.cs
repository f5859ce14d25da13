using System.Buffers;
using System.Text.Json;

namespace RelationsLedger.Application.Audit.Export;

/// <summary>
/// An export's lines, written to its output a few whole lines at a time. Before round 46 each line was two writes (the JSON's
/// flush, then its line break): on standard output, an unbuffered pipe, two system calls and two waits for a pool thread an
/// event. A write holds only whole lines and at most <see cref="WriteSize"/> bytes unless one line alone is longer, so an
/// export stopped or cut between writes (Ctrl+C, SIGTERM, a reader that stops) still ends with an event's line: a pipe
/// takes a write of at most that many bytes whole or not at all (POSIX's PIPE_BUF on Linux), even one given up while it waits
/// on a reader that reads nothing.
/// </summary>
internal sealed class ExportLines : IAsyncDisposable
{
    /// <summary>PIPE_BUF on Linux: the most a write to a pipe puts there at once.</summary>
    public const int WriteSize = 4096;

    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _line = new(WriteSize);
    private readonly byte[] _pending = new byte[WriteSize];
    private int _used;

    public ExportLines(Stream output)
    {
        _output = output;
        Json = new(_line, new JsonWriterOptions { Indented = false, SkipValidation = false });
    }

    /// <summary>Where the current line is written; <see cref="EndLineAsync"/> ends it.</summary>
    public Utf8JsonWriter Json { get; }

    /// <summary>Ends the line written to <see cref="Json"/>: it goes out with the lines before it once they would not fit one write.</summary>
    public async ValueTask EndLineAsync(CancellationToken ct)
    {
        Json.Flush();
        _line.Write("\n"u8);
        var line = _line.WrittenMemory;
        if (_used + line.Length > WriteSize) await FlushAsync(ct);
        if (line.Length > WriteSize) await _output.WriteAsync(line, ct); // one line longer than a write: alone, as before
        else
        {
            line.Span.CopyTo(_pending.AsSpan(_used));
            _used += line.Length;
        }
        _line.ResetWrittenCount();
        Json.Reset(_line);
    }

    /// <summary>Writes the whole lines not yet written.</summary>
    public async ValueTask FlushAsync(CancellationToken ct)
    {
        if (_used == 0) return;
        await _output.WriteAsync(_pending.AsMemory(0, _used), ct);
        _used = 0;
    }

    public ValueTask DisposeAsync() => Json.DisposeAsync();
}
