#if HAS_PROJECTIONS
using System.Globalization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;
using RelationsLedger.Store.KurrentDb;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro firstload --store kurrentdb://… [--server-pid P] [--only read|streams|load|rebuild] [--read-model-mb N] [--output F]</c>: where a new read model's first load
/// of a KurrentDB log goes. <c>read</c>: one read of the global log filtered on the server to the ledger's relationship streams
/// (what a catch-up reads); <c>streams</c>: the stream names from that read, then every stream read on its own (what the bulk
/// load's reader did until round 53); <c>load</c>: the first catch-up of an empty read model, as <c>ledger serve</c> makes it
/// (<see cref="ProjectionRunner.CatchUpAsync"/>); <c>rebuild</c>: <c>ledger projections rebuild</c> of that read model (a new file
/// loaded in bulk beside it, then swapped in: <see cref="ProjectionRunner.RebuildAsync"/>), with the most memory its process held
/// (run it alone, <c>--only rebuild</c>, for a peak of its own). Each with events/s, the bytes of event data and metadata received, this
/// process's CPU and the server's (<c>--server-pid</c>). <c>--read-model-mb</c>: the rebuild's memory bound
/// (<see cref="ProjectionOptions.CachedBytes"/>, in MB; the product's default otherwise); <c>--output</c>: keep the rebuilt
/// read model there (to compare its rows with a catch-up's).
/// </summary>
public static class FirstLoadScenario
{
    public static async Task RunAsync(Options o)
    {
        var connectionString = o.Required("store");
        var serverPid = o.Long("server-pid") is { } pid ? (int)pid : (int?)null;
        var only = o.Text("only");
        await using var store = await KurrentDbEventStore.ConnectAsync(connectionString);
        if (only is null or "read")
            await PhaseAsync("read $all, filtered on the server (relationship-)", serverPid, async () =>
            {
                long count = 0, bytes = 0;
                await foreach (var e in store.ReadAllAsync(null, long.MaxValue, StreamFilter.RelationshipsAndTombstones))
                    (count, bytes) = (count + 1, bytes + e.Data.Length + e.Metadata.Length);
                return (count, bytes);
            });
        if (only is null or "streams")
            await PhaseAsync("stream names from $all, then each stream read", serverPid, async () =>
            {
                long count = 0, bytes = 0;
                var names = await store.StreamNamesAsync(StreamFilter.RelationshipsAndTombstones).ToListAsync();
                foreach (var name in names)
                    await foreach (var e in LoggedStream.ReadAsync(store, name, default))
                        (count, bytes) = (count + 1, bytes + e.Data.Length + e.Metadata.Length);
                Measure.Report("  streams", names.Count.ToString(CultureInfo.InvariantCulture));
                return (count, bytes);
            });
        if (only is null or "load")
        {
            var file = Path.Combine(Path.GetTempPath(), $"rl-firstload-{Environment.ProcessId}.projections.db");
            Ledgers.Delete(file);
            try
            {
                await PhaseAsync("first catch-up of an empty read model", serverPid, async () =>
                {
                    using var runner = new ProjectionRunner(new ReadModelDatabase(file), store, new RelationshipsProjection());
                    return (await runner.CatchUpAsync(), 0);
                });
                Ledgers.Delete(file);
                await PhaseAsync("first catch-up in log order (no bulk load)", serverPid, async () =>
                {
                    using var runner = new ProjectionRunner(new ReadModelDatabase(file), store, new RelationshipsProjection(), new ProjectionOptions { BulkLoadFrom = null });
                    return (await runner.CatchUpAsync(), 0);
                });
            }
            finally
            {
                Ledgers.Delete(file);
            }
        }
        if (only is null or "rebuild") await RebuildAsync(store, serverPid, o.Long("read-model-mb") is { } mb ? mb << 20 : ProjectionOptions.DefaultCachedBytes, o.Text("output"));
    }

    /// <summary>A rebuild of an empty read model: the same load and swap as of a full one, whose old file only waits for the swap.</summary>
    private static async Task RebuildAsync(KurrentDbEventStore store, int? serverPid, long boundBytes, string? output)
    {
        var file = Path.Combine(Path.GetTempPath(), $"rl-rebuild-{Environment.ProcessId}.projections.db");
        Ledgers.Delete(file);
        long heap = 0, live = 0, sampled = 0;
        try
        {
            await PhaseAsync("projections rebuild (a new file in bulk, swapped in)", serverPid, async () =>
            {
                using var runner = new ProjectionRunner(new ReadModelDatabase(file), store, new RelationshipsProjection(boundBytes));
                var events = await runner.RebuildAsync(p =>
                {
                    heap = Math.Max(heap, GC.GetTotalMemory(false));
                    // Every 25,000 events, what is live after a full collection: the heap above counts garbage not yet collected.
                    if (p.EventsThisRun / 25_000 > sampled)
                    {
                        sampled = p.EventsThisRun / 25_000;
                        live = Math.Max(live, GC.GetTotalMemory(forceFullCollection: true));
                    }
                });
                if (runner.LastRebuild is { } p)
                    Measure.Report("  phases", string.Create(CultureInfo.InvariantCulture,
                        $"load {p.Loading.TotalSeconds:N2} s (waiting for events {p.Waiting.TotalSeconds:N2} s, CPU {p.LoadingCpu.TotalSeconds:N2} s), finish {p.Finishing.TotalSeconds:N2} s (CPU {p.FinishingCpu.TotalSeconds:N2} s)"));
                return (events, 0);
            });
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            Measure.Report("  memory", string.Create(CultureInfo.InvariantCulture,
                $"bound {boundBytes / 1048576.0:N0} MB; live heap at most {live / 1048576.0:N0} MB (after a full collection every 25,000 events); managed heap at most {heap / 1048576.0:N0} MB (at each progress report), process peak working set {self.PeakWorkingSet64 / 1048576.0:N0} MB"));
        }
        finally
        {
            if (output is not null && File.Exists(file)) File.Move(file, output, overwrite: true);
            Ledgers.Delete(file);
        }
    }

    private static async Task PhaseAsync(string figure, int? serverPid, Func<Task<(long Events, long Bytes)>> run)
    {
        var (cpu, server) = (Measure.Cpu(), serverPid is { } p ? ProcessCpu.Of(p) : TimeSpan.Zero);
        (long Events, long Bytes) result = default;
        var elapsed = await Measure.TimeAsync(async () => result = await run());
        Measure.Rate(figure, result.Events, elapsed);
        Measure.Report("  CPU", string.Create(CultureInfo.InvariantCulture,
            $"this process {(Measure.Cpu() - cpu).TotalSeconds:N2} s, server {(serverPid is { } q ? (ProcessCpu.Of(q) - server).TotalSeconds : double.NaN):N2} s; " +
            $"event bytes received {result.Bytes / 1048576.0:N1} MB; load {File.ReadAllText("/proc/loadavg")[..14]}"));
    }
}
#endif
