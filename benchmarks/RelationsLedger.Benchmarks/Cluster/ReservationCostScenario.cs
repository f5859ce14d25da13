using System.Diagnostics;
using System.Globalization;
using System.Text;
using RelationsLedger.Application.Storage;
using RelationsLedger.Benchmarks.Macro;
using RelationsLedger.Store.KurrentDb;
using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Benchmarks.Cluster;

/// <summary>
/// <c>macro reservations [--appends 2000] [--writers 4] [--batch 1]</c>: what reserving each event id costs on KurrentDB
/// (KURRENTDB_CLUSTER, else KURRENTDB_CONNECTION_STRING): W writers append to their own streams, B events per append,
/// first without reservations, then with them, and the same again (so the server's warm-up does not favour one).
/// </summary>
public static class ReservationCostScenario
{
    public static async Task RunAsync(Options o)
    {
        var cs = Environment.GetEnvironmentVariable("KURRENTDB_CLUSTER") is { Length: > 0 } c ? c : ClusterEnvironment.Required(Stores.KurrentVariable);
        var (appends, writers, batch) = (o.Int("appends", 2000), o.Int("writers", 4), o.Int("batch", 1));
        Measure.Report("store", $"{KurrentDbConnectionSettings.Parse(cs).Address}, {writers} writers, {batch} event(s) per append");
        foreach (var reserve in new[] { false, true, false, true })
        {
            await using var store = new KurrentDbEventStore(KurrentDbConnection.Create(cs), ownsConnection: true) { ReservesEventIds = reserve };
            var latencies = new List<double>();
            var run = Guid.NewGuid().ToString("N")[..8];
            var elapsed = await Measure.TimeAsync(() => Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                var mine = new List<double>();
                var stream = $"bench-reserve-{run}-{w}";
                for (var i = 0; i < appends / writers; i++)
                {
                    var events = Enumerable.Range(0, batch).Select(n => new EventData(Guid.NewGuid(), "BenchEvent", Encoding.UTF8.GetBytes($$"""{"n":{{n}}}"""), "{}"u8.ToArray())).ToArray();
                    var start = Stopwatch.GetTimestamp();
                    await store.AppendAsync(stream, i == 0 ? ExpectedRevision.NoStream : ExpectedRevision.Exact((ulong)(i * batch - 1)), events);
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                lock (latencies) latencies.AddRange(mine);
            }))));
            var label = reserve ? "with id reservations" : "without id reservations";
            Measure.Rate($"appends {label}", (long)latencies.Count * batch, elapsed);
            Measure.Latencies($"append latency {label}", latencies);
        }
        Measure.Machine();
    }
}
