using RelationsLedger.Application.Storage;

namespace RelationsLedger.Benchmarks.Generation;

/// <summary>
/// The fast path for setting up a benchmark: writes generated events straight into a store, sealed
/// into each stream's hash chain exactly as <see cref="RelationshipRepository"/> seals them, without
/// deciding them again (the generator only produces events the decision accepts).
/// Events are taken in windows of the global order and appended one stream at a time within a window.
/// </summary>
public sealed class StoreWriter(IEventStore store)
{
    private readonly Dictionary<string, (ulong? Revision, string? Hash)> _heads = new(StringComparer.Ordinal);

    public async Task<long> WriteAsync(IEnumerable<GeneratedEvent> events, int window, CancellationToken ct = default)
    {
        long written = 0;
        foreach (var chunk in events.Chunk(window))
        {
            foreach (var group in chunk.GroupBy(e => e.Key.StreamName))
            {
                var (revision, hash) = _heads.GetValueOrDefault(group.Key);
                var sealedEvents = new List<EventData>();
                foreach (var e in group)
                {
                    (var data, hash) = RelationshipRepository.Seal(group.Key, e.EventId, e.Event, e.EffectiveDate, e.Provenance, hash);
                    sealedEvents.Add(data);
                }
                var result = await store.AppendAsync(group.Key, ExpectedRevision.After(revision), sealedEvents, ct);
                _heads[group.Key] = (result.NextExpectedRevision, hash);
                written += sealedEvents.Count;
            }
        }
        return written;
    }
}
