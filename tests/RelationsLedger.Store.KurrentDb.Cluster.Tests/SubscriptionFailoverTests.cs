using System.Collections.Concurrent;
using System.Text;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb.Cluster.Tests;

/// <summary>
/// Catch-up subscriptions (on the leader, and on a follower) while the leader is killed under a steady writer:
/// each goes on, on the new leader or another member, and delivers every acknowledged event once, in order.
/// </summary>
public sealed class SubscriptionFailoverTests
{
    private static EventData Event(int n) => new(Guid.NewGuid(), "FailoverTest", Encoding.UTF8.GetBytes($$"""{"n":{{n}}}"""), "{}"u8.ToArray());

    [SkippableFact]
    public async Task Subscriptions_continue_through_a_leader_failover_with_no_gap_and_no_duplicate()
    {
        var (cs, kill, restart) = ClusterUnderTest.RequireFailover();
        var prefix = $"failover-sub-{Guid.NewGuid():N}-";
        var stream = prefix + "s";
        await using var writer = await KurrentDbEventStore.ConnectAsync(cs);
        var appended = new List<Guid>();
        var failures = 0;

        var stores = new[] { cs, ClusterUnderTest.With(cs, "nodePreference=follower") };
        var received = stores.Select(_ => new ConcurrentQueue<Guid>()).ToArray();
        using var subscribed = new CancellationTokenSource();
        var subscriptions = stores.Select((s, i) => Task.Run(async () =>
        {
            await using var store = await KurrentDbEventStore.ConnectAsync(s);
            try
            {
                await foreach (var e in store.SubscribeToAllAsync(null, new StreamFilter(prefix), subscribed.Token)) received[i].Enqueue(e.EventId);
            }
            catch (OperationCanceledException) when (subscribed.IsCancellationRequested)
            {
            }
        })).ToArray();

        async Task WriteAsync(CancellationToken stop)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var e = Event(n);
                var expected = n == 0 ? ExpectedRevision.NoStream : ExpectedRevision.Exact((ulong)n - 1);
                // The same event at the same expectation until it is acknowledged: the server recognises a repeat.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await writer.AppendAsync(stream, expected, [e], CancellationToken.None);
                        lock (appended) appended.Add(e.EventId);
                        break;
                    }
                    catch (StoreUnavailableException) when (attempt < 100)
                    {
                        Interlocked.Increment(ref failures);
                        await Task.Delay(100, CancellationToken.None);
                    }
                }
                await Task.Delay(20, CancellationToken.None);
            }
        }

        await new Failover(kill, restart, cs).RunAsync(WriteAsync, async () => { while (received.Any(r => r.Count < 20)) await Task.Delay(20); });

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (received.Any(r => r.Count < appended.Count) && !patience.IsCancellationRequested) await Task.Delay(100);
        await subscribed.CancelAsync();
        await Task.WhenAll(subscriptions);
        Assert.True(appended.Count > 20);
        for (var i = 0; i < stores.Length; i++) Assert.Equal(appended, received[i].ToList());
    }
}
