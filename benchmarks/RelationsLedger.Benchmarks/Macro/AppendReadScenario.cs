using RelationsLedger.Application.Storage;
using RelationsLedger.Benchmarks.Generation;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro appendread [--events N] [--streams S]</c>: the same append/read harness on every store
/// available: the embedded store (a fresh file) and, when <c>KURRENTDB_CONNECTION_STRING</c> is set,
/// KurrentDB. Appends one event per append (as commands do) and in batches of 100 per stream, then
/// reads every stream, the global log, and a catch-up subscription. Streams get a per-run prefix.
/// <c>--writers W</c> (default 16) adds the single-event appends of W concurrent writers, each owning
/// its share of the streams (as the HTTP server's requests would): what group commit is for; for the embedded store that
/// part also reports the process's CPU per append and how many appends shared a transaction (a sync of the log at FULL).
/// </summary>
public static class AppendReadScenario
{
    public static async Task RunAsync(Options o)
    {
        var count = o.Int("events", 20_000);
        var events = LedgerGenerator.Generate(new LedgerSpec(Seed: 3, Events: count, Relationships: o.Int("streams", 200), LongRelationships: 1, LongestEvents: count / 10));
        foreach (var (name, open) in Stores.Available(o))
        {
            await using var store = await open();
            await RunOnAsync(name, store, events, o.Int("writers", 16), store is Store.Sqlite.SqliteEventStore ? Stores.SqlitePath : null);
        }
    }

    /// <param name="file">The embedded store's file, read for its transactions; null for another store.</param>
    private static async Task RunOnAsync(string name, IEventStore store, IReadOnlyList<GeneratedEvent> events, int writers, string? file)
    {
        var run = $"bench{DateTime.UtcNow:HHmmss}{Environment.ProcessId}";
        var single = await AppendAsync(store, $"{run}a-", events, batch: 1);
        Measure.Rate($"[{name}] append, 1 event per append", events.Count, single);
        if (writers > 1)
        {
            var latencies = new List<double>();
            var from = file is null ? 0 : CommitGroups.LastPosition(file);
            var cpu = Measure.Cpu();
            var concurrent = await AppendAsync(store, $"{run}w-", events, batch: 1, writers, latencies);
            cpu = Measure.Cpu() - cpu;
            Measure.Rate($"[{name}] append, 1 event per append, {writers} writers", events.Count, concurrent);
            Measure.Latencies($"[{name}] latency of one append, {writers} writers", latencies);
            Measure.CpuPer($"[{name}] CPU, {writers} writers (whole process)", cpu, events.Count, concurrent, "append");
            if (file is not null) CommitGroups.Report($"[{name}] transactions, {writers} writers", file, from);
        }
        var batched = await AppendAsync(store, $"{run}b-", events, batch: 100);
        Measure.Rate($"[{name}] append, 100 events per append", events.Count, batched);

        var streams = events.Select(e => $"{run}a-{e.Key}").Distinct().ToList();
        long read = 0;
        var elapsed = await Measure.TimeAsync(async () =>
        {
            foreach (var stream in streams)
                await foreach (var _ in store.ReadStreamAsync(stream, ReadDirection.Forwards, null, long.MaxValue)) read++;
        });
        Measure.Rate($"[{name}] read every stream", read, elapsed);

        var filter = new StreamFilter($"{run}a-");
        long caught = 0;
        using var cts = new CancellationTokenSource();
        elapsed = await Measure.TimeAsync(async () =>
        {
            try
            {
                await foreach (var _ in store.SubscribeToAllAsync(null, filter, cts.Token))
                    if (++caught == events.Count) cts.Cancel();
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                // all events seen
            }
        });
        Measure.Rate($"[{name}] catch-up subscription (filtered)", caught, elapsed);
    }

    private static async Task<TimeSpan> AppendAsync(
        IEventStore store, string prefix, IReadOnlyList<GeneratedEvent> events, int batch, int writers = 1, List<double>? latencies = null)
    {
        var heads = new Dictionary<string, (ulong? Revision, string? Hash)>(StringComparer.Ordinal);
        var work = new List<(string Stream, List<EventData> Events)>();
        foreach (var group in events.GroupBy(e => prefix + e.Key).Select(g => (g.Key, g.ToList())))
        {
            string? hash = null;
            foreach (var chunk in group.Item2.Chunk(batch))
            {
                var data = new List<EventData>();
                foreach (var e in chunk)
                {
                    (var sealedEvent, hash) = RelationshipRepository.Seal(group.Key, Guid.NewGuid(), e.Event, e.EffectiveDate, e.Provenance, hash);
                    data.Add(sealedEvent);
                }
                work.Add((group.Key, data));
            }
        }
        // Interleave the streams' appends, as independent writers' commands would arrive.
        var order = work.Select((w, i) => (w, i)).OrderBy(x => x.i % 97).ThenBy(x => x.i).Select(x => x.w).ToList();
        if (writers == 1)
            return await Measure.TimeAsync(async () =>
            {
                foreach (var (stream, data) in order)
                {
                    var (revision, _) = heads.GetValueOrDefault(stream);
                    var result = await store.AppendAsync(stream, ExpectedRevision.After(revision), data);
                    heads[stream] = (result.NextExpectedRevision, null);
                }
            });

        // Each writer owns the streams that hash to it, so its expected revisions are its own to know.
        var shares = order.GroupBy(w => (w.Stream.GetHashCode() & int.MaxValue) % writers).Select(g => g.ToList()).ToList();
        var perWriter = shares.Select(_ => new List<double>()).ToList();
        var elapsed = await Measure.TimeAsync(() => Task.WhenAll(shares.Select((share, i) => Task.Run(async () =>
        {
            var own = new Dictionary<string, ulong?>(StringComparer.Ordinal);
            foreach (var (stream, data) in share)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var result = await store.AppendAsync(stream, ExpectedRevision.After(own.GetValueOrDefault(stream)), data);
                perWriter[i].Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                own[stream] = result.NextExpectedRevision;
            }
        }))));
        latencies?.AddRange(perWriter.SelectMany(l => l));
        return elapsed;
    }
}
