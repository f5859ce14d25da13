using System.Collections.Concurrent;
using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// Phase 3 of an import: the accepted events appended, each relationship's in file order, each run at the revision the
/// check expected. A store that appends across streams in one transaction (the embedded store) gets the file in order, in
/// transactions of <c>batchSize</c> events (<see cref="ImportEvents.BatchSize"/>). Any other (KurrentDB) gets the file a window at a
/// time (<see cref="WindowEvents"/>): within a window each relationship's events are one append (or a few, for a long or
/// large run), <see cref="StreamsInFlight"/> relationships' appends in flight at once, and a window starts only when the
/// one before is recorded whole. Before (round 55), one append per run of consecutive lines of a stream, one after the
/// other: an export in log order alternates relationships, so each event waited for its reservation and then its own
/// append, ~30 events/s. The server's log therefore holds a window's events grouped by relationship, in the order their
/// appends committed, not the file's (docs/kurrentdb.md, "Import"); each relationship's order is the file's.
/// </summary>
internal sealed class ImportAppends(IEventStore store, int total, int batchSize, IProgress<ImportProgress>? progress, CancellationToken ct)
{
    /// <summary>Events of the file appended as one window on a store without a transaction across streams.</summary>
    public const int WindowEvents = 4_096;

    /// <summary>The most bytes (data and envelopes) of one window: what it holds in memory while it is appended.</summary>
    public const int WindowBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Relationships whose appends are in flight at once (each also writes its events' id reservations side by side,
    /// <c>EventIdReservations.Parallelism</c> at a time, so up to ~136 writes): enough for the server to commit many writes in
    /// one flush. 4 was ~15 % slower than 16 at 5,000 events; 16 (~270 writes) met the server's "Commit phase timeout" (2 s) in a
    /// test at load 30, and 64 was no faster than 16 (docs/performance.md, round 56).
    /// </summary>
    public const int StreamsInFlight = 8;

    /// <summary>
    /// The most bytes (data and envelope) of one run, so that one append stays well within KurrentDB's largest append
    /// (<c>--max-append-size</c>, 1 MiB by default), which refuses the whole append: a long relationship of long texts
    /// weighs several MiB in a page. An event larger than this goes alone.
    /// </summary>
    public const int RunBytes = 512 * 1024;

    private readonly Appended _appended = new();
    private readonly Lock _gate = new();

    /// <summary>Events of the file whose append completed (recorded by it, or found recorded as a repeat).</summary>
    private int _done;

    public async Task<Appended> AppendAsync(IEnumerable<(string Stream, ulong Revision, EventData Event)> events)
    {
        progress?.Report(new(ImportPhase.Appending, 0, total));
        if (store.AppendsAtomicallyAcrossStreams) await InTransactionsAsync(events);
        else await InWindowsAsync(events);
        return _appended;
    }

    private async Task InTransactionsAsync(IEnumerable<(string Stream, ulong Revision, EventData Event)> events)
    {
        var (batch, taken) = (new List<StreamAppend>(), 0);
        foreach (var run in Runs(events))
        {
            batch.Add(run);
            taken += run.Events.Count;
            if (taken < batchSize) continue;
            await TransactionAsync(batch);
            (batch, taken) = ([], 0);
        }
        if (batch.Count > 0) await TransactionAsync(batch);
    }

    private async Task TransactionAsync(List<StreamAppend> batch)
    {
        var (events, rest) = (batch.Sum(r => r.Events.Count), batch);
        IReadOnlyList<AppendResult> results;
        while (true)
        {
            try
            {
                results = rest.Count == 0 ? [] : await store.AppendManyAsync(rest, ct); // none left: another writer recorded them all
                break;
            }
            catch (Exception e) when (IsRace(e))
            {
                // The same batch again without what another writer recorded of it meanwhile, while that is something.
                if (await RecordedMeanwhile.WithoutAsync(store, rest, ct) is not { } without) throw Stopped(e, InBatches, CancelledBatch, NextBatchFailed);
                rest = without;
            }
            catch (Exception e)
            {
                throw Stopped(e, InBatches, CancelledBatch, NextBatchFailed);
            }
        }
        int done;
        lock (_gate)
        {
            for (var i = 0; i < rest.Count; i++) Recorded(rest[i], results[i], rest[i].Events.Count);
            done = Recorded(null, null, events - rest.Sum(r => r.Events.Count)); // those another writer recorded meanwhile
        }
        progress?.Report(new(ImportPhase.Appending, done, total));
    }

    private const string InBatches = "in whole batches", CancelledBatch = "the batch being written when it was cancelled may be recorded too",
        NextBatchFailed = "The next batch failed";

    /// <summary>
    /// A failure another writer's appends since the check can cause: a stream at another revision than the file's lines expect, or
    /// an event id of the append recorded (in its place, by another import: <see cref="RecordedMeanwhile"/>; or elsewhere).
    /// </summary>
    private static bool IsRace(Exception e) =>
        e is WrongExpectedRevisionException or DuplicateEventException or PartialAppendException { InnerException: WrongExpectedRevisionException or DuplicateEventException };

    private async Task InWindowsAsync(IEnumerable<(string Stream, ulong Revision, EventData Event)> events)
    {
        foreach (var window in Windows(events))
        {
            // A failure lets the appends in flight end (each whole or absent) and starts no other, so that every relationship
            // holds a prefix of its lines and what was recorded is known, but for appends whose own outcome is unknown.
            var failures = new ConcurrentQueue<Exception>();
            using var slots = new SemaphoreSlim(StreamsInFlight);
            await Task.WhenAll(window.Select(runs => AppendStreamAsync(runs, slots, failures)));
            if (!failures.IsEmpty)
                throw Stopped(Telling(failures), "in whole appends of a relationship each, each relationship's from its first line on",
                    "the appends in flight when it was cancelled may be recorded too", "An append failed");
        }
    }

    /// <summary>One relationship's runs of a window, one after the other: its revisions follow the file.</summary>
    private async Task AppendStreamAsync(IReadOnlyList<StreamAppend> runs, SemaphoreSlim slots, ConcurrentQueue<Exception> failures)
    {
        await slots.WaitAsync(CancellationToken.None);
        try
        {
            foreach (var run in runs)
            {
                if (!failures.IsEmpty) return;
                try
                {
                    ct.ThrowIfCancellationRequested();
                    var (appended, result) = await AppendRunAsync(run);
                    int done;
                    lock (_gate) done = Recorded(appended, result, run.Events.Count);
                    // Outside the lock: a report may cancel the import (Ctrl+C), which runs the other appends' cancellations here.
                    progress?.Report(new(ImportPhase.Appending, done, total));
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                    return;
                }
            }
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>
    /// One relationship's run, again without the events another writer recorded of it meanwhile while that is something
    /// (<see cref="RecordedMeanwhile"/>); what was appended of it (nothing, when another writer recorded it all).
    /// </summary>
    private async Task<(StreamAppend? Appended, AppendResult? Result)> AppendRunAsync(StreamAppend run)
    {
        while (true)
        {
            try
            {
                return (run, await AppendAgainWhileUnknownAsync(run));
            }
            catch (Exception e) when (IsRace(e))
            {
                if (await RecordedMeanwhile.WithoutAsync(store, [run], ct) is not { } rest) throw;
                if (rest.Count == 0) return (null, null);
                run = rest[0];
            }
        }
    }

    /// <summary>
    /// How many times one append is made while its outcome is unknown (a deadline, the server's "Commit phase timeout" on a
    /// loaded machine), a pause of a second more before each: the same events at the same expectation, which the server
    /// recognises as a repeat when the first was recorded (and their reservations, derived from the same ids and stream, too).
    /// A node gone fails the next attempt as unreachable, which ends the import as before.
    /// </summary>
    public const int UnknownOutcomeAttempts = 4;

    private async Task<AppendResult> AppendAgainWhileUnknownAsync(StreamAppend run)
    {
        StoreUnavailableException? unknown = null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await store.AppendAsync(run.Stream, run.Expected, run.Events, ct);
                // A repeat of this import's own attempt, which was recorded after all: its events are this import's.
                return unknown is not null && result.Repeated ? result with { Repeated = false } : result;
            }
            catch (StoreUnavailableException e) when (e.OutcomeUnknown && attempt < UnknownOutcomeAttempts && !ct.IsCancellationRequested)
            {
                unknown = e;
                await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
            }
            catch (StoreUnavailableException e) when (unknown is not null && !e.OutcomeUnknown)
            {
                // An attempt after one whose outcome is unknown recorded nothing: the first may have, and that is what is said.
                throw unknown;
            }
        }
    }

    /// <summary>
    /// The failure to report of several at once: a cancellation when the import was cancelled; else one whose outcome is
    /// unknown before one that recorded nothing (the message then cannot say that nothing was); else the first.
    /// </summary>
    private Exception Telling(IReadOnlyCollection<Exception> failures) =>
        (ct.IsCancellationRequested ? failures.FirstOrDefault(e => e is OperationCanceledException) : null)
        ?? failures.FirstOrDefault(e => e is StoreUnavailableException { OutcomeUnknown: true })
        ?? failures.First();

    /// <summary>
    /// Counts what an append completed, under <see cref="_gate"/>: what it appended (none of a run another writer recorded
    /// whole meanwhile) and the file's events it is done with; how many events are done now.
    /// </summary>
    private int Recorded(StreamAppend? appended, AppendResult? result, int events)
    {
        if (appended is not null && result is not null) _appended.Add(appended, result);
        return _done += events;
    }

    /// <summary>
    /// What the import says when an append failed after <see cref="_done"/> events were recorded: never "nothing was recorded"
    /// when something was. A failure before anything was recorded is the store's own, which says what it knows.
    /// </summary>
    private Exception Stopped(Exception e, string how, string inFlight, string failed)
    {
        var done = _done;
        return e switch
        {
            OperationCanceledException when ct.IsCancellationRequested => new ImportCancelledException(
                $"The import was cancelled after {done} of {total} events were recorded ({how}; {inFlight}). " +
                "Run the import again to finish it: what is recorded is skipped.", ct),
            WrongExpectedRevisionException w => Raced(w),
            PartialAppendException { InnerException: WrongExpectedRevisionException w } => Raced(w),
            DuplicateEventException d => new ImportInterruptedException(
                // Not where the file places it: an event of the file recorded in its place meanwhile is dropped from the append (RecordedMeanwhile).
                $"{d.Message.TrimEnd('.')}: its id is reserved there (another writer recorded it there after this import checked the file, or, on " +
                $"KurrentDB, an append there failed after reserving it), so it cannot be recorded where this file places it. {done} of {total} events were imported ({how}); nothing of the " +
                $"append that holds event {d.EventId}. Import the file without that event's relationship, or the export of the ledger that holds it.", e, done),
            StoreUnavailableException when done > 0 => new ImportInterruptedException(
                // The earlier appends are committed: "nothing was recorded" is true of the failed one only, if the store says so. An
                // append whose outcome is unknown is not retried by command id, as a command's is: the import is run again.
                $"The import stopped after {done} of {total} events, which are recorded ({how}). {failed}: " +
                $"{e.Message} Run the import again once the store can be written: what is recorded is skipped.", e, done,
                ImportStop.StoreFailed),
            StoreUnavailableException { OutcomeUnknown: true } => new StoreUnavailableException(
                $"{e.Message} Run the import again: what is recorded is skipped.", e) { OutcomeUnknown = true },
            _ => e,
        };

        ImportInterruptedException Raced(WrongExpectedRevisionException w) => new(
            $"Another writer appended to {w.Stream} during the import; {done} of {total} events were imported. Run the import again: what was imported is skipped.", e, done);
    }

    /// <summary>
    /// The events a window at a time (at most <see cref="WindowEvents"/> events and <see cref="WindowBytes"/>, but for a single
    /// larger event), each window as its relationships' runs, in the order each relationship first appears in it.
    /// </summary>
    private static IEnumerable<IReadOnlyList<IReadOnlyList<StreamAppend>>> Windows(IEnumerable<(string Stream, ulong Revision, EventData Event)> events)
    {
        var streams = new Dictionary<string, List<(string, ulong, EventData)>>(StringComparer.Ordinal);
        var order = new List<List<(string, ulong, EventData)>>();
        var (count, bytes) = (0, 0L);
        IReadOnlyList<IReadOnlyList<StreamAppend>> Window() => order.Select(s => (IReadOnlyList<StreamAppend>)Runs(s).ToList()).ToList();
        foreach (var e in events)
        {
            var size = e.Event.Data.Length + e.Event.Metadata.Length;
            if (count == WindowEvents || (count > 0 && bytes + size > WindowBytes))
            {
                yield return Window();
                (streams, order, count, bytes) = (new Dictionary<string, List<(string, ulong, EventData)>>(StringComparer.Ordinal), [], 0, 0);
            }
            if (!streams.TryGetValue(e.Stream, out var stream))
            {
                streams[e.Stream] = stream = [];
                order.Add(stream);
            }
            stream.Add(e);
            (count, bytes) = (count + 1, bytes + size);
        }
        if (count > 0) yield return Window();
    }

    /// <summary>
    /// The events in runs of consecutive events of one stream (at most a page, and <see cref="RunBytes"/> but for a
    /// single larger event, each). Every line was checked to land at its stream's next revision, so a run expects the
    /// revision before its first.
    /// </summary>
    private static IEnumerable<StreamAppend> Runs(IEnumerable<(string Stream, ulong Revision, EventData Event)> events)
    {
        var (stream, first, run, bytes) = ((string?)null, 0UL, new List<EventData>(), 0L);
        StreamAppend Run() => new(stream!, ExpectedRevision.After(first == 0 ? null : first - 1), run);
        foreach (var (s, revision, e) in events)
        {
            var size = e.Data.Length + e.Metadata.Length;
            if (s != stream || run.Count == LedgerLog.PageSize || (run.Count > 0 && bytes + size > RunBytes))
            {
                if (run.Count > 0) yield return Run();
                (stream, first, run, bytes) = (s, revision, [], 0);
            }
            run.Add(e);
            bytes += size;
        }
        if (run.Count > 0) yield return Run();
    }
}

/// <summary>
/// What an import's appends added: the store answers an append it already holds (the same ids at the same revisions) as a
/// repeat and records nothing — another import of the same file appended it after both had checked it (ImportRaceTests).
/// </summary>
internal sealed class Appended
{
    private readonly HashSet<string> _streams = new(StringComparer.Ordinal);

    public int Events { get; private set; }
    public int Streams => _streams.Count;

    public void Add(StreamAppend run, AppendResult result)
    {
        if (result.Repeated) return;
        Events += run.Events.Count;
        _streams.Add(run.Stream);
    }
}
