using System.Runtime;
#if HAS_PROJECTIONS
using System.Diagnostics;
using System.Globalization;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Storage;
using RelationsLedger.Benchmarks.Generation;
using RelationsLedger.Projections;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro rebuild --store F.db</c>: drops the read models of F.db and projects the whole log again
/// (<see cref="ProjectionRunner.RebuildAsync"/>), reporting events/s and this process's peak memory.
/// <c>macro queries --store F.db [--queries Q]</c>: latency of the read-model queries (as of a day) for
/// the longest relationship and across relationships, and of the replay of the longest relationship.
/// </summary>
public static class ProjectionScenarios
{
    public static async Task RebuildAsync(Options o)
    {
        var path = o.Required("store");
        await using var store = await Ledgers.OpenSqliteAsync(path, o);
        await using var services = Ledgers.WithProjections(store, path, o);
        var runner = services.GetRequiredService<ProjectionRunner>();
        long applied = 0;
        // --allocations: what the rebuild allocates, by type (sampled by the runtime; see AllocationSampler).
        using var sampler = o.Flag("allocations") ? new AllocationSampler() : null;
        // The benchmark, not the product, chooses the collector's latency mode: a relationship's objects live
        // until its stream ends, and blocking full collections meanwhile only cost time.
        var latency = GCSettings.LatencyMode;
        GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        var (gen0, gen2, pause, allocated) = (GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: true));
        TimeSpan elapsed;
        try
        {
            elapsed = await Measure.TimeAsync(async () => applied = await runner.RebuildAsync());
        }
        finally
        {
            GCSettings.LatencyMode = latency;
        }
        Measure.Rate("projection rebuild (relationships read model)", applied, elapsed);
        if (runner.LastRebuild is { } p)
        {
            static string S(TimeSpan t) => t.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture) + " s";
            Measure.Report("  profile", $"load {S(p.Loading)} (waiting for the decoder {S(p.Waiting)}), finish {S(p.Finishing)}, total {S(p.Total)}; " +
                $"CPU load {S(p.LoadingCpu)}, finish {S(p.FinishingCpu)}; " +
                $"decoder at work {S(p.DecoderBusy)} (its thread's CPU {S(p.DecoderCpu)}), waiting for room {S(p.DecoderWaiting)}; " +
                $"projection at work {S(p.ApplyingBusy)} (its thread's CPU {S(p.ApplyingCpu)}); {p.FoldedAhead:N0} events folded ahead; " +
                $"GC: {GC.CollectionCount(0) - gen0} collections, {GC.CollectionCount(2) - gen2} gen2, pauses {S(GC.GetTotalPauseDuration() - pause)}, " +
                $"allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576:N0} MB ({(GC.GetTotalAllocatedBytes(precise: true) - allocated) / Math.Max(1, applied):N0} bytes an event), heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576} MB");
        }
        if (sampler is not null)
            foreach (var line in sampler.Top(25)) Measure.Report("  allocated", line);
        Measure.Memory("rebuild");
        Measure.Report("read-model file", $"{new FileInfo(ReadModelDatabase.PathFor(path)).Length / 1024.0 / 1024.0:N0} MB");
    }

    public static async Task QueriesAsync(Options o)
    {
        var path = o.Required("store");
        var (longest, median) = AsOfScenario.Pick(path);
        await using var store = await Ledgers.OpenSqliteAsync(path, o);
        await using var services = Ledgers.WithProjections(store, path);
        await services.GetRequiredService<ProjectionRunner>().CatchUpAsync();
        var queries = o.Int("queries", 500);
        var (a, b) = (longest.First.Value, longest.Second.Value);
        string Day(Random rng) => new DateOnly(1950, 1, 1).AddDays(rng.Next(27_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string Party(Random rng) => rng.Pick(Parties.States);

        await LatencyAsync(services, $"as-of one relationship, read model ({longest})", queries, rng => new GetRelationshipState(a, b, Day(rng)));
        await LatencyAsync(services, $"as-of one relationship, read model, median ({median})", queries,
            rng => new GetRelationshipState(median.First.Value, median.Second.Value, Day(rng)));
        await LatencyAsync(services, $"as-of one relationship, known at, read model ({longest})", queries,
            rng => new GetRelationshipState(a, b, Day(rng), new DateTimeOffset(2000 + rng.Next(26), 1, 1, 0, 0, 0, TimeSpan.Zero)));
        await LatencyAsync(services, "across: designations by a party", queries, rng => new GetDesignationsBy(Party(rng), Day(rng)));
        await LatencyAsync(services, "across: designations of a party", queries, rng => new GetDesignationsOf(Party(rng), Day(rng)));
        await LatencyAsync(services, "across: missions of at least legation", queries, rng => new GetMissionsAtLeast(Party(rng), "legation", Day(rng)));
        await LatencyAsync(services, "across: relationships changed in a year", queries, rng =>
        {
            var year = 1950 + rng.Next(75);
            return new GetChangedRelationships($"{year}-01-01", $"{year}-12-31");
        });
        await LatencyAsync(services, $"as-of one relationship, replay ({longest})", Math.Min(queries, 100), rng => new ReplayRelationshipState(a, b, Day(rng)));
        Measure.Memory("queries");
    }


    private static async Task LatencyAsync<T>(ServiceProvider services, string figure, int count, Func<Random, IRequest<T>> query)
    {
        var rng = new Random(13);
        for (var i = 0; i < 20; i++) await services.SendAsync(query(rng)); // JIT, connection pool, page cache
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var request = query(rng);
            var start = Stopwatch.GetTimestamp();
            await services.SendAsync(request);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        Measure.Latencies(figure, latencies);
    }
}
#endif
