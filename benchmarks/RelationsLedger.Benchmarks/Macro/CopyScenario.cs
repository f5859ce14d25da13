using System.Globalization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb;
using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro copy --from F.db --store kurrentdb://… [--events N] [--window W] [--writers K] [--reservations no]</c>: fills a KurrentDB node with the
/// first N relationship events of an embedded ledger (<c>macro generate</c>'s), each copied as recorded (id, type, data and
/// envelope: the hash chains hold), with the store's event id reservations (<c>--reservations no</c>: without, a second write per
/// event saved; the node then holds no reservation streams, which a rebuild's filtered read skips anyway), in log order a window of W events at a time:
/// within a window each stream's run is one append, K streams' appends in flight. The node's log then interleaves the
/// relationships as the ledger's did (within a window), which `ledger import` keeps exactly but at one append and one round of
/// reservations per line when lines alternate streams (~30 events/s on the shared 2 cores, round 55): 1M events in hours.
/// </summary>
public static class CopyScenario
{
    public static async Task RunAsync(Options o)
    {
        await using var from = await Ledgers.OpenSqliteAsync(o.Required("from"));
        await using var to = new KurrentDbEventStore(KurrentDbConnection.Create(o.Required("store")), ownsConnection: true)
            { ReservesEventIds = o.Text("reservations") is not "no" };
        var limit = o.Long("events") ?? long.MaxValue;
        var window = o.Int("window", 4_000);
        var writers = o.Int("writers", 32);
        long copied = 0;
        var buffer = new List<RecordedEvent>(window);
        var elapsed = await Measure.TimeAsync(async () =>
        {
            await foreach (var e in from.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships))
            {
                if (copied + buffer.Count >= limit) break;
                buffer.Add(e);
                if (buffer.Count < window) continue;
                copied += await AppendWindowAsync(to, buffer, writers);
                buffer.Clear();
            }
            copied += await AppendWindowAsync(to, buffer, writers);
        });
        Measure.Rate($"copied (window {window}, {writers} appends in flight)", copied, elapsed);
    }

    private static async Task<long> AppendWindowAsync(KurrentDbEventStore to, List<RecordedEvent> window, int writers)
    {
        var runs = window.GroupBy(e => e.Stream, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        await Parallel.ForEachAsync(runs, new ParallelOptions { MaxDegreeOfParallelism = writers }, async (run, ct) =>
        {
            var first = run[0].Revision;
            await to.AppendAsync(run[0].Stream, ExpectedRevision.After(first == 0 ? null : first - 1),
                run.ConvertAll(e => new EventData(e.EventId, e.Type, e.Data, e.Metadata)), ct);
        });
        Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{window[^1].Position} "));
        return window.Count;
    }
}
