using System.Text;
using System.Text.Json;
using MediatR;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Audit.Import;

public sealed class ImportEventsHandler(IEventStore store, RelationshipRepository repository, IServiceProvider services, TimeProvider clock)
    : IRequestHandler<ImportEvents, ImportResult>
{
    /// <summary>How many problems are reported; a file with more is wrong throughout and they would only repeat.</summary>
    public const int MaxErrors = 100;

    public async Task<ImportResult> Handle(ImportEvents request, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        var (lines, brokenStreams, unplaceable, count, stopped) = await CheckLinesAsync(request, errors, cancellationToken);
        // After a line whose stream cannot be told, any later line may chain onto it: checking their
        // chains and decisions would only repeat that one problem. After too many problems, the file is
        // wrong throughout: checking stops there, so refusing any file costs bounded time and memory.
        var (toAppend, already) = stopped ? ([], 0) : await DecideAsync(lines.Where(l => l.Line < unplaceable).ToList(), brokenStreams, errors, cancellationToken);
        if (errors.Count > 0)
            throw new ImportRejectedException(errors.OrderBy(e => e.Line).Take(MaxErrors).ToList(), errors.Count, count, stopped);
        await AppendAsync(toAppend, request.Progress, cancellationToken);
        return new(count, toAppend.Count, already, toAppend.Select(l => l.Stream).Distinct().Count());
    }

    /// <summary>How many lines are read before they are checked together, on every core.</summary>
    private const int CheckChunk = 2048;

    /// <summary>
    /// Phase 1: every line on its own — its JSON, the command's validators, its hash. Lines do not
    /// depend on each other here, so each chunk is checked on all cores; results are merged in line order.
    /// </summary>
    private async Task<(List<ImportLine>, HashSet<string>, int, int, bool)> CheckLinesAsync(ImportEvents request, List<ImportError> errors, CancellationToken ct)
    {
        var commands = new EventCommands(services);
        var lines = new List<ImportLine>();
        var broken = new HashSet<string>(StringComparer.Ordinal);
        using var reader = new BoundedLines(request.Input);
        var (number, unplaceable, stopped) = (0, int.MaxValue, false);
        var now = clock.GetUtcNow();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct };
        var chunk = new List<(int Number, string Text)>(CheckChunk);
        var ended = false;
        while (!ended)
        {
            chunk.Clear();
            while (chunk.Count < CheckChunk)
            {
                var (text, tooLong) = await ReadLineAsync(reader, number + 1, errors, ct);
                if (text is null) { ended = true; break; }
                number++;
                if (tooLong)
                {
                    errors.Add(new(number, "(line)", $"is longer than {BoundedLines.MaxLineChars:N0} characters: an export line is one event (docs/audit.md)"));
                    unplaceable = Math.Min(unplaceable, number);
                }
                else if (!string.IsNullOrWhiteSpace(text)) chunk.Add((number, text));
            }
            var checks = new LineCheck[chunk.Count];
            await Parallel.ForAsync(0, chunk.Count, parallel, async (i, c) => checks[i] = await CheckLineAsync(chunk[i].Number, chunk[i].Text, commands, now, c));
            foreach (var check in checks)
            {
                errors.AddRange(check.Errors);
                if (check.Line is { } line) lines.Add(line);
                else if (check.Stream is { } stream) broken.Add(stream);
                else unplaceable = Math.Min(unplaceable, check.Number);
            }
            request.Progress?.Report(new(ImportPhase.Checking, reader.Bytes, request.Length));
            if (errors.Count >= MaxErrors) (ended, stopped) = (true, true);
        }
        return (lines, broken, unplaceable, number, stopped);
    }

    /// <summary>One line checked on its own: the line when it is sound; else its errors, and its stream when that can be told.</summary>
    private sealed record LineCheck(int Number, ImportLine? Line, string? Stream, List<ImportError> Errors);

    private static async Task<LineCheck> CheckLineAsync(int number, string text, EventCommands commands, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new List<ImportError>();
        if (ImportLine.Parse(number, text, errors) is not { } line)
            return new(number, null, StreamOf(text), errors);
        foreach (var (field, message) in await commands.ValidateAsync(line, ct)) errors.Add(new(number, field, message));
        var computed = ChainLink.Recompute(new(line.EventId, line.Stream, line.Revision, default, line.Type, line.Data, default, line.RecordedAt), line.Envelope);
        if (computed != line.Envelope.Hash)
            errors.Add(new(number, "metadata.hash", $"does not match the event's content: its fields produce {computed} ({EventHash.Scheme}), the line claims {line.Envelope.Hash}"));
        if (line.RecordedAt > now)
            errors.Add(new(number, "recordedAt", $"{line.RecordedAt:O} is in the future"));
        return errors.Count == 0 ? new(number, line, line.Stream, errors) : new(number, null, line.Stream, errors);
    }

    private static async Task<(string?, bool)> ReadLineAsync(BoundedLines reader, int number, List<ImportError> errors, CancellationToken ct)
    {
        try
        {
            return await reader.ReadAsync(ct);
        }
        catch (DecoderFallbackException e)
        {
            errors.Add(new(number, "(line)", $"is not UTF-8: {e.Message}"));
            return (null, false);
        }
    }

    private static string? StreamOf(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) // not JSON, or half a surrogate pair: the line's own check names it
        {
            return null;
        }
    }

    /// <summary>
    /// Phase 2: the lines in file order against the store and each other — an event id already
    /// recorded must be the same event; each new event must chain onto its stream's head and be
    /// accepted by <see cref="Decide.Check"/> on the timeline as it would stand, simulated in memory.
    /// </summary>
    private async Task<(List<ImportLine>, int)> DecideAsync(
        List<ImportLine> lines, HashSet<string> broken, List<ImportError> errors, CancellationToken ct)
    {
        var stored = new Dictionary<Guid, ChainLink>();
        await foreach (var e in LedgerLog.ReadAllAsync(store, ct: ct)) stored[e.EventId] = ChainLink.Of(e);
        var replicas = new Dictionary<string, StreamReplica>(StringComparer.Ordinal);
        var inFile = new Dictionary<Guid, ImportLine>();
        var (toAppend, already) = (new List<ImportLine>(), 0);
        foreach (var line in lines.Where(l => !broken.Contains(l.Stream)))
        {
            if (!replicas.TryGetValue(line.Stream, out var replica))
                replicas[line.Stream] = replica = new StreamReplica(await repository.LoadAsync(line.Key, ct));
            if (replica.Broken) continue;
            var problem = Duplicate(line, inFile, stored, out var isRepeat);
            if (problem is null && isRepeat) { already++; continue; }
            inFile.TryAdd(line.EventId, line);
            problem ??= Chain(line, replica) ?? Decision(line, replica);
            if (problem is { } p)
            {
                errors.Add(p);
                replica.Broken = true;
            }
            else toAppend.Add(line);
        }
        return (toAppend, already);
    }

    private static ImportError? Duplicate(ImportLine line, Dictionary<Guid, ImportLine> inFile, Dictionary<Guid, ChainLink> stored, out bool isRepeat)
    {
        isRepeat = false;
        if (inFile.TryGetValue(line.EventId, out var earlier))
        {
            isRepeat = earlier.Stream == line.Stream && earlier.Envelope.Hash == line.Envelope.Hash && earlier.RecordedAt == line.RecordedAt;
            return isRepeat ? null : new(line.Line, "eventId", $"line {earlier.Line} already has event {line.EventId}, with different content");
        }
        if (!stored.TryGetValue(line.EventId, out var recorded)) return null;
        isRepeat = recorded.Stream == line.Stream && recorded.Hash == line.Envelope.Hash && recorded.RecordedAt == line.RecordedAt;
        return isRepeat ? null : new(line.Line, "eventId",
            $"event {line.EventId} is already recorded, in {recorded.Stream} at revision {recorded.Revision}, with different content " +
            $"({(recorded.Stream != line.Stream ? "another stream" : recorded.Hash != line.Envelope.Hash ? $"hash {recorded.Hash}, not {line.Envelope.Hash}" : $"recorded at {recorded.RecordedAt:O}, not {line.RecordedAt:O}")}); event ids are unique in the whole ledger");
    }

    private static ImportError? Chain(ImportLine line, StreamReplica replica)
    {
        if (line.Envelope.PreviousHash != replica.HeadHash)
            return new(line.Line, "metadata.previousHash",
                $"{line.Envelope.PreviousHash ?? "null"} does not chain onto the head of {line.Stream}, which is {replica.HeadHash ?? "empty (its first event has previousHash null)"}; import the events before it first");
        if (line.Revision != replica.NextRevision)
            return new(line.Line, "revision", $"{line.Revision}, but it would be revision {replica.NextRevision} of {line.Stream}");
        if (line.RecordedAt < replica.HeadRecordedAt)
            return new(line.Line, "recordedAt", $"{line.RecordedAt:O} is earlier than the event before it in {line.Stream} ({replica.HeadRecordedAt:O})");
        return null;
    }

    private static ImportError? Decision(ImportLine line, StreamReplica replica)
    {
        var fact = new Fact(line.EventId, line.Envelope.EffectiveDate, line.RecordedAt, (long)line.Revision, line.Event);
        if (Decide.Check(replica.Basis, fact) is { } conflict)
            return new(line.Line, "data", $"{line.Type} refused: {conflict.Message}{(conflict.ConflictingEventId is { } id ? $" (conflicting event {id})" : "")}");
        replica.Accept(line, fact);
        return null;
    }

    /// <summary>How many events go into one batch of a store that appends batches in one transaction.</summary>
    public const int BatchSize = 10_000;

    /// <summary>
    /// Phase 3: append in file order, consecutive events of a stream together, each at the revision the
    /// check expected. A store that appends across streams in one transaction gets windows of
    /// <see cref="BatchSize"/> events, one transaction each; any other store, one append per run of a stream.
    /// </summary>
    private async Task AppendAsync(List<ImportLine> toAppend, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var done = 0;
        progress?.Report(new(ImportPhase.Appending, 0, toAppend.Count));
        var window = store.AppendsAtomicallyAcrossStreams ? BatchSize : 1;
        for (var i = 0; i < toAppend.Count;)
        {
            var batch = new List<StreamAppend>();
            var taken = 0;
            while (i + taken < toAppend.Count && taken < window)
            {
                // Every line was checked to land at its stream's next revision, so a run expects the revision before its first.
                var run = RunAt(toAppend, i + taken);
                var expected = ExpectedRevision.After(run[0].Revision == 0 ? null : run[0].Revision - 1);
                batch.Add(new(run[0].Stream, expected, run.ConvertAll(Sealed)));
                taken += run.Count;
            }
            try
            {
                await store.AppendManyAsync(batch, ct);
            }
            catch (WrongExpectedRevisionException e)
            {
                throw new ImportInterruptedException(
                    $"Another writer appended to {e.Stream} during the import; {done} of {toAppend.Count} events were imported. Run the import again: what was imported is skipped.", e);
            }
            (i, done) = (i + taken, done + taken);
            progress?.Report(new(ImportPhase.Appending, done, toAppend.Count));
        }
    }

    /// <summary>The run of consecutive lines of one stream that starts at <paramref name="start"/> (at most a page).</summary>
    private static List<ImportLine> RunAt(List<ImportLine> lines, int start)
    {
        var stream = lines[start].Stream;
        var end = start + 1;
        while (end < lines.Count && end - start < LedgerLog.PageSize && lines[end].Stream == stream) end++;
        return lines.GetRange(start, end - start);
    }

    /// <summary>The event as the store keeps it; the envelope notes when the original ledger recorded it.</summary>
    private static EventData Sealed(ImportLine l) =>
        new(l.EventId, l.Type, l.Data, (l.Envelope with { OriginallyRecordedAt = l.RecordedAt }).Serialize());
}
