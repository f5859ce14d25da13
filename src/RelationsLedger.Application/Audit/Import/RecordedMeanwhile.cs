using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// The file's events another writer recorded after the import checked them — another import of an overlapping export, or a
/// re-run started while this one appends: its batches skip what was recorded when it checked, so they start elsewhere in
/// the file than this import's, and an append of this import then holds some events that are recorded and some that are
/// not. The store refuses such an append whole (a repeat is only an append all of whose events are recorded), so the import
/// drops from each run the events its stream now holds at their places as this file's own — the same id, hash and original
/// recorded time at the same revision — and appends the rest. Before, it stopped with exit code 3, "its id is reserved
/// there on the server … so it cannot be recorded in another relationship", of an event recorded in its own.
/// </summary>
internal static class RecordedMeanwhile
{
    /// <summary>
    /// Each run without the first of its events that its stream now holds as this file's; null when no run starts with one
    /// (the append failed for another reason: another writer's own events, an id recorded in another stream).
    /// </summary>
    public static async Task<List<StreamAppend>?> WithoutAsync(IEventStore store, IReadOnlyList<StreamAppend> runs, CancellationToken ct)
    {
        var (rest, dropped) = (new List<StreamAppend>(runs.Count), false);
        foreach (var run in runs)
        {
            var recorded = await RecordedPrefixAsync(store, run, ct);
            dropped |= recorded > 0;
            if (recorded < run.Events.Count)
                rest.Add(recorded == 0 ? run : new(run.Stream, ExpectedRevision.Exact(First(run) + (ulong)recorded - 1), run.Events.Skip(recorded).ToList()));
        }
        return dropped ? rest : null;
    }

    /// <summary>How many of the run's events, from its first, its stream holds at their revisions as this file's own.</summary>
    private static async Task<int> RecordedPrefixAsync(IEventStore store, StreamAppend run, CancellationToken ct)
    {
        var n = 0;
        await foreach (var e in store.ReadStreamAsync(run.Stream, ReadDirection.Forwards, First(run), run.Events.Count, ct))
        {
            var mine = run.Events[n];
            if (e.EventId != mine.EventId || Envelope.ReadStored(mine.Metadata, out _) is not { } claimed
                || !RecordedClaim.Of(e).Is(run.Stream, claimed.Hash, claimed.OriginallyRecordedAt)) break;
            n++;
        }
        return n;
    }

    /// <summary>The revision of the run's first event: every line was checked to land at its stream's next revision.</summary>
    private static ulong First(StreamAppend run) =>
        run.Expected.Kind == ExpectedRevision.Kinds.Exact ? run.Expected.Revision + 1 : 0;
}
