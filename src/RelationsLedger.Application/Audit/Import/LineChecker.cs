using System.Text.Json;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// Phase 1 of an import: every line on its own — its JSON, the command's validators, its hash. Lines do
/// not depend on each other here, so each chunk is checked on all cores; results keep the line order.
/// </summary>
internal sealed class LineChecker(EventCommands commands, DateTimeOffset now, BoundedLines reader, CancellationToken ct)
{
    /// <summary>How many lines are read before they are checked together.</summary>
    private const int ChunkLines = 2048;

    private bool _ended;
    private int? _endLine; // the export's end line (ExportEnd), once read

    /// <summary>How many lines were read so far.</summary>
    public int Lines { get; private set; }

    /// <summary>
    /// The bytes of the lines of the chunk being read and of the one before it, in turn: a chunk's lines are over its bytes
    /// (<see cref="ChunkBytes"/>), reused for the chunk after the next.
    /// </summary>
    private readonly ChunkBytes[] _bytes = [new(), new()];
    private int _chunks;

    /// <summary>
    /// The next chunk's lines, checked (none at the end of the file), and how many bytes of the input were read
    /// by then (for progress: the reader moves on while the caller decides this chunk). Read and checked away
    /// from the caller's thread so the caller can decide the chunk before meanwhile. Call again only after the task ended.
    /// A chunk's lines (their metadata and sources, an end line's bytes) are over bytes the chunk after the next one is read
    /// into: when the caller asks for that one, it must be done with this chunk's lines, as the import is once it decided them.
    /// </summary>
    public Task<(LineCheck[] Checks, long Bytes)> NextChunkAsync() =>
        _ended ? Task.FromResult<(LineCheck[], long)>(([], reader.Bytes)) : Task.Run(async () => (await ReadAndCheckAsync(), reader.Bytes), ct);

    /// <summary>
    /// The blocks the lines were read into, let go once the check is over (<see cref="ImportDecisions.LetGo"/> says why here and
    /// not by dropping the checker).
    /// </summary>
    public void LetGo()
    {
        foreach (var bytes in _bytes) bytes.LetGo();
    }

    private async Task<LineCheck[]> ReadAndCheckAsync()
    {
        var bytes = _bytes[_chunks++ % _bytes.Length];
        bytes.Reuse(); // the lines of the chunk before the last one: decided by now
        var read = new List<(int Number, ReadOnlyMemory<byte> Utf8)>(ChunkLines);
        var unread = new List<LineCheck>(); // lines that could not be read as text: their problem, in place
        // Every line counts towards the chunk, read or not: before (found in round 44), a file none of whose lines is UTF-8
        // (ledger import /dev/urandom, a Latin-1 file) filled no chunk, so the first one took the whole file, a problem per
        // line held in memory, before the limit of problems was looked at (/dev/urandom: 189 s and 468 MB).
        while (read.Count + unread.Count < ChunkLines && !_ended)
        {
            var number = Lines + 1;
            if (await reader.ReadAsync(ct) is not { } text) { _ended = true; break; }
            Lines = number;
            if (text.Problem is null && text.IsBlank) continue;
            if (_endLine is { } end)
            {
                // Nothing follows an export's end: a second export joined on is named once, not line by line.
                unread.Add(new(number, null, null, [new(number, "(line)", ExportEndCheck.After(end))]));
                _ended = true;
            }
            // A line that cannot be read as text (not UTF-8, too long): its problem, in place; the reader goes on with the next or ends.
            else if (text.Problem is { } problem) unread.Add(new(number, null, null, [new(number, "(line)", problem)]));
            else if (ExportEnd.Is(text.Utf8.Span))
            {
                _endLine = number;
                unread.Add(new(number, null, null, []) { End = bytes.Copy(text.Utf8.Span) });
            }
            else read.Add((number, bytes.Copy(text.Utf8.Span)));
        }
        var checks = new LineCheck[read.Count];
        Parallel.For(0, read.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
            i => checks[i] = Check(read[i].Number, read[i].Utf8));
        return unread.Count == 0 ? checks : [.. checks.Concat(unread).OrderBy(c => c.Number)];
    }

    private LineCheck Check(int number, ReadOnlyMemory<byte> utf8)
    {
        var errors = new List<ImportError>();
        if (ImportLine.Parse(number, utf8, errors) is not { } line)
            return new(number, null, StreamOf(utf8), errors);
        foreach (var (field, message) in commands.Validate(line.Event, line.Key, line.EventId, line.Envelope)) errors.Add(new(number, field, message));
        // Compared without the hash's text; the text is made only to be named in the problem.
        var recorded = new RecordedEvent(line.EventId, line.Stream, line.Revision, default, line.Type, line.Data, default, line.RecordedAt);
        if (!ChainLink.ContentProducesHash(recorded, line.Envelope))
            errors.Add(new(number, "metadata.hash", $"does not match the event's content: its fields produce {ChainLink.Recompute(recorded, line.Envelope)} ({EventHash.Scheme}), the line claims {line.Envelope.Hash}"));
        // The margin verify and the known-at rule give clocks that disagree a little: an export of a ledger whose clock (a
        // KurrentDB server's) is a minute ahead of this one is imported at once, as verify --file calls it OK.
        if (line.RecordedAt - now > RecordedTimes.AheadOfClock)
            errors.Add(new(number, "recordedAt", new ClockBehindLog("its event", line.RecordedAt, now).Text("this machine", recording: false, "import again", "the file")));
        return errors.Count == 0 ? new(number, line, line.Stream, errors) : new(number, null, line.Stream, errors);
    }

    private static string? StreamOf(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            using var doc = JsonDocument.Parse(utf8);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) // not JSON, or half a surrogate pair: the line's own check names it
        {
            return null;
        }
    }
}

/// <summary>One line checked on its own: the line when it is sound; else its errors, and its stream when that can be told.</summary>
internal sealed record LineCheck(int Number, ImportLine? Line, string? Stream, List<ImportError> Errors)
{
    /// <summary>The export's end line (<see cref="ExportEnd"/>), checked by the caller against the lines before it; null for any other line.</summary>
    public ReadOnlyMemory<byte>? End { get; init; }
}
