using System.Text;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// A subscription asked to start after a position where its caller saw an event (the feed's check of a consumer's checkpoint)
/// stands on that event from its first look. Before round 67 the check was not passed on: the subscription stood on whatever it
/// first found at the position, so a file replaced between the feed's check and that look — an older copy put back and recorded
/// into since by another process — was read on from the position, its other events sent as if they followed the checkpoint.
/// The window is a few milliseconds under a running server: the file is replaced here before the subscription's first look.
/// </summary>
public sealed class SubscriptionStartEventTests : IDisposable
{
    private const string Stream = "relationship-AA~BB";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static EventData Event() => new(Guid.NewGuid(), "StatementMade", Encoding.UTF8.GetBytes("""{"n":1}"""), Encoding.UTF8.GetBytes("{}"));

    /// <summary>Five events, the fifth's id as a checked checkpoint sees it; then a copy taken at three put in place and recorded into (positions 4–6, other events).</summary>
    private async Task<(SqliteEventStore Store, Guid Fifth)> ReplacedAfterTheCheckAsync(bool recordedInto)
    {
        var path = _folder.File("l.db");
        var store = await SqliteEventStore.OpenAsync(path);
        await store.AppendAsync(Stream, ExpectedRevision.NoStream, [Event(), Event(), Event()]);
        await LedgerFiles.CopyAsync(path, _folder.File("backup.db"));
        await store.AppendAsync(Stream, ExpectedRevision.Exact(2), [Event(), Event()]);
        var fifth = (await store.ReadAtAsync(GlobalPosition.Of(5)))!.EventId;

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        LedgerFiles.PutInPlace(_folder.File("backup.db"), path);
        if (recordedInto)
        {
            await using var other = await SqliteEventStore.OpenAsync(path);
            await other.AppendAsync(Stream, ExpectedRevision.Exact(2), [Event(), Event(), Event()]);
        }
        return (store, fifth);
    }

    [Fact]
    public async Task A_file_recorded_into_elsewhere_holding_another_event_at_the_start_ends_the_subscription_at_its_first_look()
    {
        var (store, fifth) = await ReplacedAfterTheCheckAsync(recordedInto: true);
        await using var _ = store;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        Assert.Contains($"the event it stands on ({fifth:D}, at 5) is not there any more (event ", await FirstLookAsync(store, fifth, cts.Token), StringComparison.Ordinal);

        // The position alone cannot tell: without the event named, the subscription stands on the other event and sends the next.
        await using var fromThePosition = store.SubscribeToAllAsync(GlobalPosition.Of(5), StreamFilter.Relationships, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await fromThePosition.MoveNextAsync());
        Assert.Equal(GlobalPosition.Of(6), fromThePosition.Current.Position);
    }

    [Fact]
    public async Task An_older_copy_that_ends_before_the_start_ends_the_subscription_at_its_first_look()
    {
        var (store, fifth) = await ReplacedAfterTheCheckAsync(recordedInto: false);
        await using var _ = store;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        Assert.Contains("(no event is at that position)", await FirstLookAsync(store, fifth, cts.Token), StringComparison.Ordinal);
    }

    /// <summary>
    /// A feed's page read the same way (round 68): it checked its start, then read after the position in a second statement, and
    /// a file moved into place between the two handed the consumer the other history's events. Read standing on the checked event,
    /// the read ends before it yields anything.
    /// </summary>
    [Fact]
    public async Task A_read_after_a_checked_event_a_replaced_file_no_longer_holds_yields_nothing_of_the_other_history()
    {
        var (store, fifth) = await ReplacedAfterTheCheckAsync(recordedInto: true);
        await using var _ = store;

        Assert.Contains($"the event it stands on ({fifth:D}, at 5) is not there any more (event ", await ReadAfterAsync(store, fifth), StringComparison.Ordinal);
        var fromThePosition = await store.ReadAllAsync(GlobalPosition.Of(5), 10, StreamFilter.Relationships).ToListAsync();
        Assert.Equal([6], fromThePosition.Select(e => e.Position.Commit));
    }

    [Fact]
    public async Task A_read_after_a_checked_event_an_older_copy_ends_before_yields_nothing()
    {
        var (store, fifth) = await ReplacedAfterTheCheckAsync(recordedInto: false);
        await using var _ = store;

        Assert.Contains("(no event is at that position)", await ReadAfterAsync(store, fifth), StringComparison.Ordinal);
    }

    /// <summary>The read standing on the event it was checked at reads on as the plain read does, and as many events: the event there is not one of them.</summary>
    [Fact]
    public async Task A_read_after_the_event_still_there_is_the_plain_read()
    {
        var path = _folder.File("l.db");
        await using var store = await SqliteEventStore.OpenAsync(path);
        await store.AppendAsync(Stream, ExpectedRevision.NoStream, [Event(), Event(), Event(), Event(), Event()]);
        var second = (await store.ReadAtAsync(GlobalPosition.Of(2)))!.EventId;

        foreach (var count in new[] { 1, 2, 3, 10 })
            Assert.Equal(
                (await store.ReadAllAsync(GlobalPosition.Of(2), count, StreamFilter.Relationships).ToListAsync()).Select(e => e.EventId),
                (await store.ReadAllAsync(GlobalPosition.Of(2), second, count, StreamFilter.Relationships).ToListAsync()).Select(e => e.EventId));
        Assert.Empty(await store.ReadAllAsync(GlobalPosition.Of(5), (await store.ReadAtAsync(GlobalPosition.Of(5)))!.EventId, 10, StreamFilter.Relationships).ToListAsync());
    }

    /// <summary>The read after position 5 standing on <paramref name="fifth"/>: the message of its end, before it yields anything.</summary>
    private static async Task<string> ReadAfterAsync(SqliteEventStore store, Guid fifth) =>
        (await Assert.ThrowsAsync<LogReplacedException>(async () =>
        {
            await foreach (var e in store.ReadAllAsync(GlobalPosition.Of(5), fifth, 10, StreamFilter.Relationships)) Assert.Fail($"read {e.Position}");
        })).Message;

    /// <summary>The subscription after position 5 standing on <paramref name="fifth"/>: the message of its end, before it sends anything.</summary>
    private static async Task<string> FirstLookAsync(SqliteEventStore store, Guid fifth, CancellationToken ct) =>
        (await Assert.ThrowsAsync<LogReplacedException>(async () =>
        {
            await foreach (var e in store.SubscribeToAllAsync(GlobalPosition.Of(5), fifth, StreamFilter.Relationships, ct)) Assert.Fail($"sent {e.Position}");
        })).Message;
}
