using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// Which event ids of a chunk of lines the store already holds, anywhere (ids are unique in the whole ledger).
/// A store with an index of ids is asked for each chunk's ids, so an import's work follows the file, not the
/// store; any other store's log is read once at the start.
/// </summary>
internal abstract class RecordedIds
{
    /// <summary>How often reading a whole log reports its progress, in events.</summary>
    public const int ProgressEvery = 10_000;

    public static async Task<RecordedIds> OpenAsync(IEventStore store, IProgress<ImportProgress>? progress, CancellationToken ct) =>
        store is IFindsEventsById index ? new LookedUp(index) : await Read.AllAsync(store, progress, ct);

    /// <summary>The recorded events among <paramref name="ids"/> (the dictionary may hold others too).</summary>
    public abstract Task<IReadOnlyDictionary<Guid, RecordedClaim>> AmongAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);

    /// <summary>What was kept of the store's ids let go, once the check is over (<see cref="ImportDecisions.LetGo"/>).</summary>
    public virtual void LetGo() { }

    private sealed class LookedUp(IFindsEventsById index) : RecordedIds
    {
        public override async Task<IReadOnlyDictionary<Guid, RecordedClaim>> AmongAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
        {
            var found = new Dictionary<Guid, RecordedClaim>(RandomisedIds.Comparer);
            await foreach (var e in index.FindEventsAsync(ids, ct)) found[e.EventId] = RecordedClaim.Of(e);
            return found;
        }
    }

    private sealed class Read(Dictionary<Guid, RecordedClaim> all) : RecordedIds
    {
        public static async Task<RecordedIds> AllAsync(IEventStore store, IProgress<ImportProgress>? progress, CancellationToken ct)
        {
            var all = new Dictionary<Guid, RecordedClaim>(RandomisedIds.Comparer);
            var streams = new TextPool(); // each stream's name kept once, not once per event
            progress?.Report(new(ImportPhase.ReadingLog, 0, null));
            await foreach (var e in LedgerLog.ReadAllAsync(store, ct: ct))
            {
                all[e.EventId] = RecordedClaim.Of(e, streams.Keep);
                if (all.Count % ProgressEvery == 0) progress?.Report(new(ImportPhase.ReadingLog, all.Count, null));
            }
            progress?.Report(new(ImportPhase.ReadingLog, all.Count, all.Count));
            return new Read(all);
        }

        public override Task<IReadOnlyDictionary<Guid, RecordedClaim>> AmongAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
            Task.FromResult<IReadOnlyDictionary<Guid, RecordedClaim>>(all);

        public override void LetGo()
        {
            all.Clear();
            all.TrimExcess();
        }
    }
}
