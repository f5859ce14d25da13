using System.Diagnostics;
using System.Text;
using RelationsLedger.Application.Storage;
using RelationsLedger.Benchmarks.Macro;
using RelationsLedger.Store.KurrentDb;
using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Benchmarks.Cluster;

/// <summary>
/// <c>macro reservationcheck [--events 2000] [--streams 100] [--writers 8] [--rounds 3]</c>: what it would cost a reader of the
/// log (a question's read model, the feed) to check that each event it reads has its id reservation on KurrentDB
/// (KURRENTDB_CONNECTION_STRING), against what it reads now. E events over S streams are appended with reservations, then,
/// each round: the E events read from the log as a feed page reads them; each one's reservation read (one stream read per
/// event) one after another and W at a time; one stream's events read as a question's history is, and its events' reservations;
/// and every reservation of the log in one filtered read of $all (the verify's way: its cost grows with the whole log).
/// </summary>
public static class ReservationCheckScenario
{
    public static async Task RunAsync(Options o)
    {
        var cs = ClusterEnvironment.Required(Stores.KurrentVariable);
        var (events, streams, parallel, rounds) = (o.Int("events", 2000), o.Int("streams", 100), o.Int("writers", 8), o.Int("rounds", 3));
        await using var store = new KurrentDbEventStore(KurrentDbConnection.Create(cs), ownsConnection: true);
        var prefix = $"bench-rcheck-{Guid.NewGuid():N}"[..21] + "-";
        Measure.Report("store", $"{KurrentDbConnectionSettings.Parse(cs).Address}, {events} events over {streams} streams, reserved; {parallel} reads at once");
        var from = await store.HeadAsync();
        var append = await Measure.TimeAsync(() => Parallel.ForEachAsync(Enumerable.Range(0, streams), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, ct) =>
        {
            var batch = Enumerable.Range(0, events / streams)
                .Select(n => new EventData(Guid.NewGuid(), "BenchEvent", Encoding.UTF8.GetBytes($$"""{"n":{{n}}}"""), "{}"u8.ToArray())).ToArray();
            await store.AppendAsync($"{prefix}{s}", ExpectedRevision.NoStream, batch, ct);
        }));
        Measure.Rate("setup: appended with reservations", events, append);
        var filter = new StreamFilter(prefix);
        for (var round = 1; round <= rounds; round++)
        {
            List<RecordedEvent> read = [];
            var page = await Measure.TimeAsync(async () => read = await store.ReadAllAsync(from, events, filter).ToListAsync());
            Measure.Rate($"round {round}: the events read from the log (as the feed)", read.Count, page);

            var one = new List<double>();
            var sequential = await Measure.TimeAsync(async () =>
            {
                foreach (var e in read) one.Add(await TimedCheckAsync(store, e));
            });
            Measure.Rate($"round {round}: each one's reservation read, one after another", read.Count, sequential);
            Measure.Latencies($"round {round}: one reservation read", one);

            var many = new List<double>();
            var concurrent = await Measure.TimeAsync(() => Parallel.ForEachAsync(read, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (e, _) =>
            {
                var ms = await TimedCheckAsync(store, e);
                lock (many) many.Add(ms);
            }));
            Measure.Rate($"round {round}: each one's reservation read, {parallel} at once", read.Count, concurrent);

            var stream = $"{prefix}{round % streams}";
            List<RecordedEvent> history = [];
            var historyTime = await Measure.TimeAsync(async () => history = await store.ReadStreamAsync(stream, ReadDirection.Forwards, null, long.MaxValue).ToListAsync());
            var historyChecks = await Measure.TimeAsync(() => Parallel.ForEachAsync(history, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (e, _) => await TimedCheckAsync(store, e)));
            Measure.Report($"round {round}: one stream's {history.Count} events read", $"{historyTime.TotalMilliseconds:F1} ms; their reservations, {parallel} at once: {historyChecks.TotalMilliseconds:F1} ms");

            var all = 0;
            var whole = await Measure.TimeAsync(async () => all = await store.ReservationsAsync().CountAsync());
            Measure.Rate($"round {round}: every reservation of the log, one filtered read of $all", all, whole, "reservations");
        }
        Measure.Machine();
    }

    private static async Task<double> TimedCheckAsync(KurrentDbEventStore store, RecordedEvent e)
    {
        var start = Stopwatch.GetTimestamp();
        var reservation = await store.ReservationOfAsync(e.EventId);
        if (reservation?.Stream != e.Stream) throw new InvalidOperationException($"Event {e.EventId} of {e.Stream} has no reservation for its stream.");
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
