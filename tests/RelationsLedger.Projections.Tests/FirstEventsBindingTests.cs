using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A read model prepared while its store held no ledger yet (a new embedded store gets one at its first append) is bound to
/// the ledger by the batch that gives it its first events. A live runner started on an empty store left it unbound, its
/// first live batch filled it, and the next catch-up took it for an earlier version's: it was emptied and made again, and
/// while another process held the rebuild claim a question was a 503 "holds nothing yet" (Api QueryWaitTests, round 50).
/// </summary>
public sealed class FirstEventsBindingTests
{
    [Fact]
    public async Task A_live_runner_started_on_an_empty_store_keeps_what_it_applied_at_the_next_catch_up()
    {
        var options = new ProjectionOptions { BatchSize = 4, CatchUpBeforeQuery = false };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        Assert.Null(await ledger.Store.IdentityAsync());
        using var live = ledger.NewRunner(options);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        // Its first catch-up takes the runner's gate before RunLiveAsync returns; the status waits for that gate, so the
        // catch-up is over (over a store with no ledger) before anything is recorded: no timing decides it.
        var running = live.RunLiveAsync(stop.Token);
        Assert.Equal(0, (await live.StatusAsync()).EventsApplied);
        var history = new RandomHistory(new Random(3), ledger);
        for (var i = 0; i < 3; i++) await history.AppendOneAsync();
        var log = await ledger.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships).ToListAsync();
        var head = log[^1].Position;
        while (live.ReadCheckpoint().Position != head)
        {
            Assert.False(running.IsCompleted, running.Exception?.ToString());
            await Task.Delay(20, stop.Token); // the live batch's turn, not an ordering: the loop ends on the checkpoint
        }
        await stop.CancelAsync();
        await running;

        var notices = new List<string>();
        live.Notice = notices.Add;
        Assert.Equal(0, await live.CatchUpAsync());
        Assert.Empty(notices);
        var status = await live.StatusAsync();
        Assert.Equal((await ledger.Store.IdentityAsync())!.LedgerId, status.Ledger);
        Assert.Equal(log.Count, status.EventsApplied);
    }
}
