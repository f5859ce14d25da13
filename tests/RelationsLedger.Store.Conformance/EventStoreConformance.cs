using System.Text;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Conformance;

/// <summary>
/// What every event store must do, written once. A store's test project derives from this class
/// and says how to open (and reopen) the store; the tests run unchanged against each store.
/// Streams are named per test run so the suite can share a server with other data.
/// </summary>
public abstract class EventStoreConformance : IAsyncLifetime
{
    private readonly string _prefix = $"conformance{Guid.NewGuid():N}-";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    protected IEventStore Store { get; private set; } = null!;

    /// <summary>Opens the store under test.</summary>
    protected abstract Task<IEventStore> OpenAsync();

    /// <summary>Closes the store and opens it again, as after a restart of the process.</summary>
    protected virtual async Task<IEventStore> ReopenAsync()
    {
        await Store.DisposeAsync();
        return await OpenAsync();
    }

    /// <summary>
    /// Why this store cannot be tested here (e.g. no server configured), or null to run the suite.
    /// A skipped suite is reported as skipped, never as passed.
    /// </summary>
    protected virtual string? SkipReason => null;

    public async Task InitializeAsync()
    {
        // SkippableFact reports a SkipException thrown before the test body as a skip.
        Skip.If(SkipReason is not null, SkipReason);
        Store = await OpenAsync();
    }

    public async Task DisposeAsync()
    {
        // The store is missing when the test was skipped before opening it.
        if (Store is { } store) await store.DisposeAsync();
    }

    private StreamFilter Mine => new(_prefix);

    private string NewStream(string name = "s") => $"{_prefix}{name}-{Guid.NewGuid():N}";

    private static EventData Event(int n, string type = "TestEvent") =>
        new(Guid.NewGuid(), type, Encoding.UTF8.GetBytes($$"""{"n":{{n}}}"""), Encoding.UTF8.GetBytes($$"""{"meta":{{n}}}"""));

    private static EventData[] Events(int count, int first = 0) => Enumerable.Range(first, count).Select(n => Event(n)).ToArray();

    private async Task<List<RecordedEvent>> ReadStream(string stream, ReadDirection direction = ReadDirection.Forwards, ulong? from = null, long max = long.MaxValue) =>
        await Store.ReadStreamAsync(stream, direction, from, max).ToListAsync();

    private async Task<List<RecordedEvent>> ReadMine(GlobalPosition? after = null) =>
        await Store.ReadAllAsync(after, long.MaxValue, Mine).ToListAsync();

    [SkippableFact]
    public async Task Append_to_a_new_stream_stores_every_field_and_the_store_sets_the_time()
    {
        var stream = NewStream();
        var e = Event(1, "Something");
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var result = await Store.AppendAsync(stream, ExpectedRevision.NoStream, [e]);

        Assert.Equal(0UL, result.NextExpectedRevision);
        var read = Assert.Single(await ReadStream(stream));
        Assert.Equal((e.EventId, "Something", stream, 0UL, result.Position), (read.EventId, read.Type, read.Stream, read.Revision, read.Position));
        Assert.Equal(e.Data.ToArray(), read.Data.ToArray());
        Assert.Equal(e.Metadata.ToArray(), read.Metadata.ToArray());
        Assert.Equal(TimeSpan.Zero, read.RecordedAt.Offset);
        Assert.InRange(read.RecordedAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [SkippableFact]
    public async Task Expected_no_stream_fails_when_the_stream_exists()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedRevision.NoStream, [Event(1)]);
        var error = await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => Store.AppendAsync(stream, ExpectedRevision.NoStream, [Event(2)]));
        Assert.Equal(0UL, error.Actual);
        Assert.Single(await ReadStream(stream));
    }

    [SkippableFact]
    public async Task Expected_exact_revision_succeeds_when_it_matches_and_fails_when_stale()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedRevision.NoStream, Events(2));
        var ok = await Store.AppendAsync(stream, ExpectedRevision.Exact(1), [Event(2)]);
        Assert.Equal(2UL, ok.NextExpectedRevision);

        var error = await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => Store.AppendAsync(stream, ExpectedRevision.Exact(1), [Event(3)]));
        Assert.Equal(2UL, error.Actual);
        Assert.Equal(stream, error.Stream);
        Assert.Equal(3, (await ReadStream(stream)).Count);
    }

    [SkippableFact]
    public async Task Expected_exact_revision_fails_on_a_missing_stream()
    {
        var stream = NewStream();
        var error = await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => Store.AppendAsync(stream, ExpectedRevision.Exact(0), [Event(1)]));
        Assert.Null(error.Actual);
        Assert.Empty(await ReadStream(stream));
    }

    [SkippableFact]
    public async Task Expected_any_appends_whatever_the_stream_holds()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedRevision.Any, [Event(1)]);
        var result = await Store.AppendAsync(stream, ExpectedRevision.Any, [Event(2)]);
        Assert.Equal(1UL, result.NextExpectedRevision);
    }

    [SkippableFact]
    public async Task Expected_stream_exists_fails_on_a_missing_stream_and_succeeds_on_an_existing_one()
    {
        var stream = NewStream();
        await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => Store.AppendAsync(stream, ExpectedRevision.StreamExists, [Event(1)]));
        await Store.AppendAsync(stream, ExpectedRevision.NoStream, [Event(1)]);
        var result = await Store.AppendAsync(stream, ExpectedRevision.StreamExists, [Event(2)]);
        Assert.Equal(1UL, result.NextExpectedRevision);
    }

    [SkippableFact]
    public async Task A_failed_append_of_several_events_writes_none_of_them()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedRevision.NoStream, [Event(0)]);
        await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => Store.AppendAsync(stream, ExpectedRevision.NoStream, Events(3, 1)));
        Assert.Single(await ReadStream(stream));
        Assert.Single(await ReadMine());
    }

    [SkippableFact]
    public async Task An_append_of_several_events_stores_them_together_in_order()
    {
        var stream = NewStream();
        var events = Events(5);
        var result = await Store.AppendAsync(stream, ExpectedRevision.NoStream, events);
        var read = await ReadStream(stream);
        Assert.Equal(4UL, result.NextExpectedRevision);
        Assert.Equal(events.Select(e => e.EventId), read.Select(e => e.EventId));
        Assert.Equal([0UL, 1, 2, 3, 4], read.Select(e => e.Revision));
        Assert.Equal(result.Position, read[^1].Position);
    }

    [SkippableFact]
    public async Task Retrying_the_same_append_records_nothing_new_and_returns_the_same_result()
    {
        var stream = NewStream();
        var events = Events(2);
        var first = await Store.AppendAsync(stream, ExpectedRevision.NoStream, events);
        var retry = await Store.AppendAsync(stream, ExpectedRevision.NoStream, events);
        Assert.Equal(first.NextExpectedRevision, retry.NextExpectedRevision);
        Assert.Equal(2, (await ReadStream(stream)).Count);
    }

    [SkippableFact]
    public async Task An_event_id_recorded_in_one_stream_is_refused_in_another_and_nothing_of_that_append_is_written()
    {
        var (a, b) = (NewStream("a"), NewStream("b"));
        var e = Event(1);
        await Store.AppendAsync(a, ExpectedRevision.NoStream, [e]);
        var error = await Assert.ThrowsAsync<DuplicateEventException>(() => Store.AppendAsync(b, ExpectedRevision.NoStream, [Event(2), e]));
        Assert.Equal((e.EventId, a), (error.EventId, error.Stream));
        Assert.Empty(await ReadStream(b));
        Assert.Equal([e.EventId], (await ReadMine()).Select(r => r.EventId));
    }

    /// <summary>
    /// The append is that one event alone, as a retry of it would be: only the stream it was recorded in tells the two apart.
    /// </summary>
    [SkippableFact]
    public async Task An_event_id_recorded_in_one_stream_is_refused_as_the_whole_append_to_another()
    {
        var (a, b) = (NewStream("a"), NewStream("b"));
        var e = Event(1);
        await Store.AppendAsync(a, ExpectedRevision.NoStream, [e]);
        var error = await Assert.ThrowsAsync<DuplicateEventException>(() => Store.AppendAsync(b, ExpectedRevision.NoStream, [e]));
        Assert.Equal((e.EventId, a), (error.EventId, error.Stream));
        Assert.Empty(await ReadStream(b));
    }

    [SkippableFact]
    public async Task A_stream_reads_forwards_and_backwards_from_any_revision_in_pages()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedRevision.NoStream, Events(10));

        Assert.Equal([3UL, 4, 5], (await ReadStream(stream, ReadDirection.Forwards, 3, 3)).Select(e => e.Revision));
        Assert.Equal([9UL, 8, 7, 6, 5, 4, 3, 2, 1, 0], (await ReadStream(stream, ReadDirection.Backwards)).Select(e => e.Revision));
        Assert.Equal([4UL, 3], (await ReadStream(stream, ReadDirection.Backwards, 4, 2)).Select(e => e.Revision));
        Assert.Empty(await ReadStream(stream, ReadDirection.Forwards, 10));
    }

    [SkippableFact]
    public async Task A_missing_stream_reads_empty()
    {
        Assert.Empty(await ReadStream(NewStream()));
        Assert.Empty(await ReadStream(NewStream(), ReadDirection.Backwards));
    }

    [SkippableFact]
    public async Task The_event_at_a_position_is_read_back_and_a_position_past_the_end_holds_none()
    {
        var stream = NewStream();
        var events = Events(3);
        await Store.AppendAsync(stream, ExpectedRevision.NoStream, events.Take(1).ToArray());
        await Store.AppendAsync(stream, ExpectedRevision.Exact(0), events.Skip(1).ToArray()); // two events in one append
        var read = await ReadStream(stream);

        foreach (var e in read)
        {
            var at = await Store.ReadAtAsync(e.Position);
            Assert.NotNull(at);
            Assert.Equal((e.EventId, e.Stream, e.Revision, e.Position), (at.EventId, at.Stream, at.Revision, at.Position));
        }
        var past = read[^1].Position;
        Assert.Null(await Store.ReadAtAsync(new GlobalPosition(past.Commit + 1_000_000, past.Prepare + 1_000_000)));
    }

    [SkippableFact]
    public async Task The_global_log_holds_every_stream_in_append_order_with_increasing_positions()
    {
        var (a, b) = (NewStream("a"), NewStream("b"));
        var appended = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var e = Event(i);
            await Store.AppendAsync(i % 2 == 0 ? a : b, ExpectedRevision.Any, [e]);
            appended.Add(e.EventId);
        }
        var all = await ReadMine();
        Assert.Equal(appended, all.Select(e => e.EventId));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions must increase");

        var afterSecond = await ReadMine(all[1].Position);
        Assert.Equal(appended.Skip(2), afterSecond.Select(e => e.EventId));
        Assert.Equal(2, (await Store.ReadAllAsync(null, 2, Mine).ToListAsync()).Count);
    }

    [SkippableFact]
    public async Task The_global_log_can_be_filtered_by_stream_prefix()
    {
        var (a, b) = ($"{_prefix}left-{Guid.NewGuid():N}", $"{_prefix}right-{Guid.NewGuid():N}");
        await Store.AppendAsync(a, ExpectedRevision.NoStream, [Event(1)]);
        await Store.AppendAsync(b, ExpectedRevision.NoStream, [Event(2)]);
        var left = await Store.ReadAllAsync(null, long.MaxValue, new StreamFilter($"{_prefix}left-")).ToListAsync();
        Assert.Equal(a, Assert.Single(left).Stream);
    }

    [SkippableFact]
    public async Task Concurrent_writers_at_the_same_revision_one_wins_the_others_are_told()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedRevision.NoStream, [Event(0)]);
        var attempts = Enumerable.Range(1, 8).Select(async i =>
        {
            try
            {
                await Store.AppendAsync(stream, ExpectedRevision.Exact(0), [Event(i)]);
                return true;
            }
            catch (WrongExpectedRevisionException)
            {
                return false;
            }
        });
        var outcomes = await Task.WhenAll(attempts);
        Assert.Single(outcomes, won => won);
        Assert.Equal(2, (await ReadStream(stream)).Count);
    }

    [SkippableFact]
    public async Task A_subscription_catches_up_then_turns_live_in_order_without_repeats()
    {
        var stream = NewStream();
        var existing = Events(3);
        await Store.AppendAsync(stream, ExpectedRevision.NoStream, existing);

        using var cts = new CancellationTokenSource(Patience);
        var received = new List<Guid>();
        var live = Events(3, 3);
        await foreach (var e in Store.SubscribeToAllAsync(null, Mine, cts.Token))
        {
            received.Add(e.EventId);
            if (received.Count == 3)
            {
                // Caught up: now append while the subscription is live.
                _ = Task.Run(async () =>
                {
                    foreach (var l in live) await Store.AppendAsync(stream, ExpectedRevision.Any, [l]);
                });
            }
            if (received.Count == 6) break;
        }
        Assert.Equal(existing.Concat(live).Select(e => e.EventId), received);
    }

    [SkippableFact]
    public async Task A_subscription_resumes_after_its_checkpoint_across_a_restart()
    {
        var stream = NewStream();
        var events = Events(6);
        await Store.AppendAsync(stream, ExpectedRevision.NoStream, events[..4]);

        GlobalPosition checkpoint;
        using (var cts = new CancellationTokenSource(Patience))
        {
            var seen = 0;
            checkpoint = GlobalPosition.Start;
            await foreach (var e in Store.SubscribeToAllAsync(null, Mine, cts.Token))
            {
                checkpoint = e.Position;
                if (++seen == 2) break;
            }
        }

        Store = await ReopenAsync();
        await Store.AppendAsync(stream, ExpectedRevision.Exact(3), events[4..]);

        using var again = new CancellationTokenSource(Patience);
        var rest = new List<Guid>();
        await foreach (var e in Store.SubscribeToAllAsync(checkpoint, Mine, again.Token))
        {
            rest.Add(e.EventId);
            if (rest.Count == 4) break;
        }
        Assert.Equal(events[2..].Select(e => e.EventId), rest);
    }

    [SkippableFact]
    public async Task The_readiness_probe_passes_on_a_working_store_before_and_after_an_append_and_stops_when_cancelled()
    {
        await Store.ProbeAsync();
        await Store.AppendAsync(NewStream(), ExpectedRevision.NoStream, Events(1));
        await Store.ProbeAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ProbeAsync(cancelled.Token));
    }

    [SkippableFact]
    public async Task Events_survive_reopening_the_store()
    {
        var stream = NewStream();
        var events = Events(3);
        await Store.AppendAsync(stream, ExpectedRevision.NoStream, events);
        Store = await ReopenAsync();
        Assert.Equal(events.Select(e => e.EventId), (await ReadStream(stream)).Select(e => e.EventId));
        var next = await Store.AppendAsync(stream, ExpectedRevision.Exact(2), [Event(3)]);
        Assert.Equal(3UL, next.NextExpectedRevision);
    }
}
