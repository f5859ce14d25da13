using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// The store stamps each event no earlier than the event before it, so that the log's recorded times never run backwards.
/// A last event recorded far ahead of the clock — a clock that was wrong when it was written, or a recorded time changed in
/// the file — would have every later event stamped with that time: unknown to every "as known at" question until then.
/// </summary>
public sealed class RecordedTimeAheadTests : IDisposable
{
    private const string Stream = "relationship-AA~BB";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_last_event_recorded_far_ahead_of_the_clock_is_named_and_nothing_is_recorded_after_it()
    {
        var clock = new ManualClock(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"), clock);
        await store.AppendAsync(Stream, ExpectedRevision.NoStream, [StoreFiles.Event()]);

        clock.Now = new DateTimeOffset(2026, 12, 2, 13, 0, 0, TimeSpan.Zero); // the clock set right
        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync(Stream, ExpectedRevision.Exact(0), [StoreFiles.Event()]));
        // The one wording of a clock behind the log (ClockBehindLog): which event, how far behind, what to do.
        Assert.EndsWith(": the last event of the ledger (position 1) is recorded at 2099-01-01T00:00:00.0000000Z, and the clock of this machine is " +
            "26327 days 11 hours behind it (2026-12-02T13:00:00.0000000Z): more than the 10 minutes the clocks of one ledger are taken to disagree. " +
            "The ledger stamps each event no earlier than the one before it, so an event recorded now would read as recorded at 2099-01-01T00:00:00.0000000Z, " +
            "unknown to every question as known at a moment before then. Nothing was recorded. Either the clock of this machine is behind " +
            "(set it right, then record again) or that recorded time was changed in the store file (ledger verify names it).", refused.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromDays(26327) + TimeSpan.FromHours(11), refused.ClockBehind!.Behind);
        Assert.Single(await store.ReadAllAsync(null, long.MaxValue, StreamFilter.All).ToListAsync());
    }

    [Fact]
    public async Task A_clock_a_little_behind_the_last_event_records_at_the_last_events_time()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 13, 5, 0, TimeSpan.Zero));
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"), clock);
        await store.AppendAsync(Stream, ExpectedRevision.NoStream, [StoreFiles.Event()]);

        clock.Now = new DateTimeOffset(2026, 12, 2, 13, 0, 0, TimeSpan.Zero); // stepped back five minutes (NTP, a VM resumed)
        await store.AppendAsync(Stream, ExpectedRevision.Exact(0), [StoreFiles.Event()]);
        var times = (await store.ReadAllAsync(null, long.MaxValue, StreamFilter.All).ToListAsync()).Select(e => e.RecordedAt).ToList();
        Assert.Equal([new DateTimeOffset(2026, 12, 2, 13, 5, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 2, 13, 5, 0, TimeSpan.Zero)], times);
    }
}
