using RelationsLedger.Application.Storage;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro catchup --store F.db [--decode]</c>: a downstream service's catch-up subscription from the
/// start of the log to its head (<see cref="IEventStore.SubscribeToAllAsync"/>), raw and decoded.
/// </summary>
public static class CatchUpScenario
{
    public static async Task RunAsync(Options o)
    {
        await using var store = await Ledgers.OpenSqliteAsync(o.Required("store"));
        var head = await store.HeadAsync() ?? throw new InvalidOperationException("The store is empty.");
        foreach (var decode in new[] { false, true })
        {
            long count = 0;
            using var cts = new CancellationTokenSource();
            var elapsed = await Measure.TimeAsync(async () =>
            {
                try
                {
                    await foreach (var e in store.SubscribeToAllAsync(null, StreamFilter.Relationships, cts.Token))
                    {
                        if (decode) LedgerEvent.Decode(e);
                        count++;
                        if (e.Position >= head) cts.Cancel();
                    }
                }
                catch (OperationCanceledException) when (cts.IsCancellationRequested)
                {
                    // reached the head
                }
            });
            Measure.Rate(decode ? "catch-up subscription, decoded (envelope + event)" : "catch-up subscription, raw", count, elapsed);
        }
        Measure.Memory("catch-up");
    }
}
