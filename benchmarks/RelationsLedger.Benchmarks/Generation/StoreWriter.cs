using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Benchmarks.Generation;

/// <summary>
/// The fast path for setting up a benchmark: writes generated events straight into a store, sealed
/// into each stream's hash chain exactly as <see cref="RelationshipRepository"/> seals them, without
/// deciding them again (the generator only produces events the decision accepts).
/// Events are taken in windows of the global order, grouped by stream within a window.
/// </summary>
public sealed class StoreWriter(IEventStore store)
{
    private readonly Dictionary<string, (ulong? Revision, string? Hash)> _heads = new(StringComparer.Ordinal);

    /// <summary>Time spent in the store's appends, apart from sealing (for the breakdown of a bulk write).</summary>
    public TimeSpan StoreTime { get; private set; }

    public async Task<long> WriteAsync(IEnumerable<GeneratedEvent> events, int window, CancellationToken ct = default)
    {
        long written = 0;
        foreach (var chunk in events.Chunk(window))
        {
            var appends = new List<(string Stream, ExpectedRevision Expected, List<EventData> Events)>();
            foreach (var group in chunk.GroupBy(e => e.Key.StreamName))
            {
                var (revision, hash) = _heads.GetValueOrDefault(group.Key);
                var sealedEvents = new List<EventData>();
                foreach (var e in group)
                {
                    (var data, hash) = RelationshipRepository.Seal(group.Key, e.EventId, e.Event, e.EffectiveDate, e.Provenance, hash);
                    sealedEvents.Add(data);
                }
                appends.Add((group.Key, ExpectedRevision.After(revision), sealedEvents));
                _heads[group.Key] = (revision is { } r ? r + (ulong)sealedEvents.Count : (ulong)sealedEvents.Count - 1, hash);
                written += sealedEvents.Count;
            }
            // The embedded store takes the whole window in one transaction; any other store, stream by stream.
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            if (store is SqliteEventStore sqlite)
                await sqlite.AppendManyAsync(appends.ConvertAll(a => new StreamAppend(a.Stream, a.Expected, a.Events)), ct);
            else
                foreach (var (stream, expected, data) in appends) await store.AppendAsync(stream, expected, data, ct);
            StoreTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        }
        return written;
    }
}
