using MediatR;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Import;

public sealed class ImportEventsHandler(IEventStore store, CommandValidators validators, TimeProvider clock)
    : IRequestHandler<ImportEvents, ImportResult>
{
    /// <summary>How many problems are reported; a file with more is wrong throughout and they would only repeat.</summary>
    public const int MaxErrors = 100;

    /// <summary>
    /// Reads the file once, in chunks: each chunk's lines are checked on their own on every core (phase 1,
    /// <see cref="LineChecker"/>) while the chunk before is decided in file order (phase 2,
    /// <see cref="ImportDecisions"/>), and each accepted event is sealed into a temporary
    /// <see cref="ImportSpill"/>. Only when the whole file passed is anything appended (phase 3, <see cref="ImportAppends"/>).
    /// Memory holds the relationships' timelines and a small record per event id, not the file; on a
    /// store that finds events by id (<see cref="RecordedIds"/>), nothing of the events it already holds
    /// beyond the streams the file touches; and none of it once the check has passed (<see cref="LetGoOfTheCheck"/>).
    /// </summary>
    public async Task<ImportResult> Handle(ImportEvents request, CancellationToken cancellationToken)
    {
        // Before the file is read: a request no batch can be made for is refused before the check's work, not after it.
        ArgumentOutOfRangeException.ThrowIfLessThan(request.BatchSize, 1, nameof(request.BatchSize));
        using var spill = new ImportSpill();
        var file = await CheckAsync(request, spill, cancellationToken);
        LetGoOfTheCheck();
        var appended = await AppendAsync(spill, request.BatchSize, request.Progress, cancellationToken);
        return new(file.Lines, appended.Events, file.AlreadyPresent + spill.Count - appended.Events, appended.Streams) { EndLine = file.EndLine };
    }

    /// <summary>
    /// Returns the check's heap to the system before the appends, which need none of it and add the store's page cache for a
    /// bulk (<see cref="IAppendsInBulk"/>) on top. The check has emptied what it built before it returned (its decisions, the ids
    /// it read, its lines' blocks and each chunk's lines once decided), so the collection finds only the spill's handle and the
    /// counts alive, whatever frames still hold the emptied objects. Frames do: the check resumes on the stack of the chunk load
    /// that ended last, and this and the appends run on top of it (a dump taken at the appends' start found `NextChunkAsync`'s and
    /// `LoadAheadAsync`'s frames there holding a chunk's lines, round 68); other threads may still be returning from its work. Round
    /// 63 yielded first, for those frames to return before the collection, and dropped the references: a race, lost in 2 of 6 CI
    /// runs of round 67 (a gcdump taken on that stack at 1M, round 61: 517 MB live, all of it the check's decisions and table of
    /// ids). Without a collection that memory stays the collector's, dead but committed, through the whole
    /// append phase (peak RSS 866 MiB at 1M, round 60); the aggressive mode compacts and decommits it: at 1M the heap after it
    /// is 2.7 MB and the working set 83 MB, from ~700 MB (round 61). One blocking collection of a small live heap, once per import.
    /// </summary>
    private static void LetGoOfTheCheck() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>
    /// How many lines a file of <paramref name="length"/> bytes holds, estimated from its first chunk's (<paramref name="bytes"/> in
    /// <paramref name="lines"/>, every one of them a sound event), with a quarter more for later lines shorter than those, and never
    /// more than lines of <see cref="ShortestLineBytes"/> would make; null when the length is not known (standard input) or the first
    /// chunk was the whole file. What the table of the file's ids is presized by (<see cref="ImportDecisions.ExpectLines"/>).
    /// </summary>
    internal static int? LinesExpected(long? length, long bytes, int lines) =>
        length is { } total && total > bytes && bytes > 0 && lines > 0
            ? (int)Math.Min(Math.Min(total / ShortestLineBytes, Array.MaxLength / 2), total / ((double)bytes / lines) * 1.25)
            : null;

    /// <summary>
    /// Fewer bytes than any event's line of an export holds (its id, hash, times, stream and envelope alone are over 300): the most
    /// lines the estimate gives a file is its length over this, whatever its first lines were.
    /// </summary>
    private const int ShortestLineBytes = 256;

    /// <summary>What the appends and the report need of a file that passed the check: its events are in the spill.</summary>
    private readonly record struct CheckedFile(int Lines, int AlreadyPresent, bool EndLine);

    /// <summary>
    /// Phases 1 and 2: every line checked and decided, each accepted event sealed into <paramref name="spill"/>; throws
    /// <see cref="ImportRejectedException"/> when any line has a problem. Its own method, so that what the check built — every
    /// relationship's timeline as the file leaves it and a record per event id, ~0.5 GB of heap at 1M events — is let go when
    /// it returns: the locals of an async method live as long as the method, and in <see cref="Handle"/> they were held through
    /// the appends, which need none of it (round 61).
    /// </summary>
    private async Task<CheckedFile> CheckAsync(ImportEvents request, ImportSpill spill, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        var recorded = await RecordedIds.OpenAsync(store, request.Progress, cancellationToken);
        // Each stream is loaded once, for its replica: a cache of histories would only hold a second copy.
        var decisions = new ImportDecisions(store);
        var reader = new BoundedLines(request.Input);
        var checker = new LineChecker(new EventCommands(validators), clock.GetUtcNow(), reader, cancellationToken);

        // A chunk comes with the store's events among its ids, looked up while the chunk before is decided, and then the
        // streams its new lines go to, loaded.
        async Task<(LineCheck[] Chunk, long Bytes, IReadOnlyDictionary<Guid, RecordedClaim> Recorded)> NextChunkAsync()
        {
            var (chunk, bytes) = await checker.NextChunkAsync();
            // Read through the chunk, not copied out of it: the chunk is emptied once decided, and the frames of this function
            // and of the loads may outlive that by the whole import (the check resumes on the stack of the load that ended last).
            var lines = chunk.Where(c => c.Line is not null).Select(c => c.Line!);
            var known = await recorded.AmongAsync(lines.Select(l => l.EventId).ToList(), cancellationToken);
            await decisions.LoadAheadAsync(lines, known, cancellationToken);
            return (chunk, bytes, known);
        }

        // After a line whose stream cannot be told, any later line may chain onto it: deciding them would
        // only repeat that one problem. After too many problems, the file is wrong throughout: reading
        // stops there, so refusing any file costs bounded time and memory.
        var (unplaceable, stopped) = (false, false);
        // A file out of the export's order (RisingPositions, as verify --file checks it) is named by the lines where it falls.
        // What its order does to the chains and timelines ("does not chain …; import the events before it first", of events
        // further down) is not said of it, and nothing after the first fall is decided: said, it would send the user the wrong way.
        var order = new RisingPositions();
        // Its stored times never run backwards along those positions (RecordedTimeChecks, as verify --file names it): a line
        // given an earlier time would be recorded with it as when the ledger learned the event. Checked only while the
        // positions rise: of a file out of order, the order is said (as verify --file says only that), not what it does to the times.
        ImportLine? stored = null;
        // The export's end line says how many events come before it (ExportEnd): a file cut at a line's end has none.
        var ends = new ExportEndCheck();
        var (decided, reordered) = (new List<ImportError>(), false);
        var next = NextChunkAsync();
        var first = true;
        try
        {
            while (await next is ({ Length: > 0 } chunk, var bytes, var known))
            {
                next = NextChunkAsync(); // the next chunk is read, checked and looked up while this one is decided
                if (first && chunk.All(c => c.Line is not null) && LinesExpected(request.Length, bytes, chunk.Length) is { } expected) decisions.ExpectLines(expected);
                first = false;
                foreach (var check in chunk)
                {
                    errors.AddRange(check.Errors);
                    if (check.End is { } endLine) ends.End(check.Number, endLine, (field, why) => errors.Add(new(check.Number, field, why)));
                    else ends.Event(check.Line?.Stream ?? check.Stream, check.Line?.Position);
                    if (check.Line is { } line)
                    {
                        if (order.Next(line.Line, line.Position) is { } outOfOrder)
                        {
                            errors.Add(new(line.Line, "position", outOfOrder));
                            reordered = true;
                        }
                        if (!reordered && stored is { } b && RecordedTimeChecks.Backwards(line.StoredAt, b.Position, b.StoredAt) is { } backwards)
                            errors.Add(new(line.Line, "storedAt", backwards));
                        stored = line;
                        if (unplaceable || reordered) continue;
                        var (accepted, problems) = await decisions.DecideAsync(line, known, cancellationToken);
                        if (accepted) spill.Write(line);
                        decided.AddRange(problems);
                    }
                    else if (check.Stream is { } stream) decisions.Break(stream);
                    else if (check.Errors.Count > 0) unplaceable = true;
                }
                Array.Clear(chunk); // decided: its lines are let go now, not with the last frame that holds the chunk (LetGoOfTheCheck)
                request.Progress?.Report(new(ImportPhase.Checking, bytes, request.Length));
                if (errors.Count + decided.Count >= MaxErrors)
                {
                    stopped = true;
                    break;
                }
            }
        }
        finally
        {
            await Task.WhenAny(next); // never leave the reader to a task still running (its outcome no longer matters)
        }
        if (!stopped && !reordered) decided.AddRange(decisions.Finish());
        if (!reordered) errors.AddRange(decided);
        if (errors.Count > 0)
            throw new ImportRejectedException(errors.OrderBy(e => e.Line).Take(MaxErrors).ToList(), errors.Count, checker.Lines, stopped);
        var passed = new CheckedFile(checker.Lines, decisions.AlreadyPresent, ends.EndLine is not null);
        // What the check built is emptied here, not only dropped: this method's frames, its local function's and the reading's
        // may still hold these objects when the appends' collection runs (LetGoOfTheCheck; CheckLetGoTests failed in CI in rounds
        // 63 and 67 with the whole check's heap live at the appends' start, when they were only dropped).
        decisions.LetGo();
        recorded.LetGo();
        checker.LetGo();
        return passed;
    }

    /// <summary>
    /// Phase 3: the accepted events appended, with the store's settings for a bulk append for the while where it has them
    /// (<see cref="IAppendsInBulk"/>).
    /// </summary>
    private async Task<Appended> AppendAsync(ImportSpill spill, int batchSize, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        await using var bulk = store is IAppendsInBulk inBulk ? await inBulk.BulkAsync(batchSize, ct) : null;
        return await new ImportAppends(store, spill.Count, batchSize, progress, ct).AppendAsync(spill.ReadAll());
    }

    /// <summary>
    /// How many events go into one batch (one transaction) of a store that appends batches in one transaction, unless a test
    /// gives another (<see cref="ImportEvents.BatchSize"/>). 100,000: at 1M every transaction writes each index page it touches
    /// once, and with random event ids that is most of both indexes; 10,000-event transactions wrote them 100 times (the append
    /// phase's CPU −23 % at 1M, docs/performance.md round 62). An interrupted import keeps its whole batches and loses the one in
    /// flight, up to this many events' appends (a few seconds at 1M).
    /// </summary>
    public const int BatchSize = 100_000;
}
