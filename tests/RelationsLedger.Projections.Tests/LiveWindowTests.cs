using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Runner;
using RelationsLedger.Testing;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// The live projection's window (<see cref="ProjectionOptions.LiveWindow"/>): events appended one by one, as group commits of
/// concurrent writers append them, go to the read model in one page rather than a page (a transaction) each.
/// </summary>
public sealed class LiveWindowTests
{
    [Fact]
    public async Task Events_appended_one_at_a_time_within_the_window_are_applied_as_one_page()
    {
        await using var ledger = await TestLedger.OpenAsync();
        var history = new RandomHistory(new Random(5), ledger);
        await history.AppendOneAsync();
        var from = (await ledger.Store.ReadAllAsync(null, 10, StreamFilter.RelationshipsAndTombstones).ToListAsync())[^1].Position;
        // A window far longer than the test: the page is applied when it is full (three events), not when the window ends.
        var options = new ProjectionOptions { BatchSize = 3, LiveWindow = TimeSpan.FromMinutes(5) };
        var pages = new List<List<RecordedEvent>>();
        var firstPage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var live = new LiveProjection(ledger.Store, options, (page, _) =>
        {
            lock (pages) pages.Add([.. page]);
            firstPage.TrySetResult();
            return Task.CompletedTask;
        });
        var running = live.RunAsync(from, stop.Token);

        for (var i = 0; i < 3; i++) await history.AppendOneAsync(); // three appends, three commits
        await firstPage.Task.WaitAsync(stop.Token);
        await stop.CancelAsync();
        await running;

        var log = await ledger.Store.ReadAllAsync(from, 10, StreamFilter.RelationshipsAndTombstones).ToListAsync();
        Assert.Equal(log.Select(e => e.Position), pages[0].Select(e => e.Position));
        Assert.Single(pages);
    }
}
