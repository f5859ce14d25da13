using Microsoft.Data.Sqlite;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Queries;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

public sealed class RunnerTests
{
    private static async Task<(TestLedger Ledger, RandomHistory History)> LedgerWithHistoryAsync(int events, ProjectionOptions options, int seed = 7)
    {
        var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        var history = new RandomHistory(new Random(seed), ledger);
        for (var i = 0; i < events; i++) await history.AppendOneAsync();
        return (ledger, history);
    }

    private static async Task<List<RecordedEvent>> LogAsync(TestLedger ledger)
    {
        var log = new List<RecordedEvent>();
        await foreach (var e in ledger.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships)) log.Add(e);
        return log;
    }

    /// <summary>Every relationship at every interesting day, now and as known at each tenth recorded moment, equals the fold.</summary>
    private static async Task AssertAnswersEqualFoldAsync(TestLedger ledger, RandomHistory history)
    {
        var oracle = new Oracle(ledger.Mediator, ledger.Repository);
        var log = await LogAsync(ledger);
        var moments = log.Where((_, i) => i % 10 == 0).Select(e => (DateTimeOffset?)e.RecordedAt).Append(null).ToList();
        foreach (var key in history.Relationships)
        {
            foreach (var day in history.InterestingDays.Distinct().Where((_, i) => i % 7 == 0))
            {
                foreach (var knownAt in moments) await oracle.AssertSameStateAsync(key, day, knownAt);
            }
        }
    }

    /// <summary>The rebuild tests' options: small batches and commits, progress every 5 events, so a test can act mid-load.</summary>
    private static readonly ProjectionOptions RebuildOptions = new() { BatchSize = 40, ProgressEvery = 5, BulkCommitEvery = 10 };

    /// <summary>150 events with the read model caught up (<see cref="RebuildOptions"/>): the log, and the read model's rows to compare a rebuild with.</summary>
    private static async Task<(TestLedger Ledger, RandomHistory History, List<RecordedEvent> Log, (long ItemVersions, long Facts) Rows)> CaughtUpForRebuildAsync()
    {
        var (ledger, history) = await LedgerWithHistoryAsync(150, RebuildOptions);
        var log = await LogAsync(ledger);
        await ledger.NewRunner(RebuildOptions).CatchUpAsync();
        return (ledger, history, log, (CountRows(ledger, "item_versions"), CountRows(ledger, "facts")));
    }

    private static long CountRows(TestLedger ledger, string table)
    {
        using var c = new ReadModelDatabase(ledger.ReadModelPath).Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public async Task Killed_mid_batch_a_catch_up_keeps_only_whole_batches_and_a_restart_gives_the_same_answers()
    {
        var options = new ProjectionOptions { BatchSize = 40, ProgressEvery = 5 };
        var (ledger, history) = await LedgerWithHistoryAsync(150, options);
        await using var _ = ledger;
        var log = await LogAsync(ledger);

        // Kill the catch-up 65 events in: the first batch (40) is committed, the second is mid-transaction.
        using var kill = new CancellationTokenSource();
        var runner = ledger.NewRunner(options);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            runner.CatchUpAsync(p => { if (p.EventsThisRun >= 65) kill.Cancel(); }, kill.Token));
        var checkpoint = runner.ReadCheckpoint();
        Assert.Equal((log[39].Position, 40L), (checkpoint.Position!.Value, checkpoint.EventsApplied));
        var rowsAfterKill = CountRows(ledger, "facts");

        // Restart (a new runner: nothing in memory) and catch up: every event applied exactly once.
        var applied = await ledger.NewRunner(options).CatchUpAsync();
        Assert.Equal(log.Count - 40, applied);
        Assert.Equal(log.Count, ledger.NewRunner(options).ReadCheckpoint().EventsApplied);
        Assert.True(CountRows(ledger, "facts") > rowsAfterKill);
        await AssertAnswersEqualFoldAsync(ledger, history);

        // And the same rows as an uninterrupted rebuild (the bulk load).
        var rows = (CountRows(ledger, "item_versions"), CountRows(ledger, "facts"));
        await ledger.NewRunner(options).RebuildAsync();
        Assert.Equal(rows, (CountRows(ledger, "item_versions"), CountRows(ledger, "facts")));
    }

    [Fact]
    public async Task Killed_mid_rebuild_the_previous_read_model_stays_and_the_next_rebuild_starts_again()
    {
        var (ledger, history, log, rows) = await CaughtUpForRebuildAsync();
        await using var _ = ledger;

        using var kill = new CancellationTokenSource();
        var runner = ledger.NewRunner(RebuildOptions);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            runner.RebuildAsync(p => { if (p.EventsThisRun >= 65) kill.Cancel(); }, kill.Token));
        Assert.False(File.Exists(ledger.ReadModelPath + ".rebuild"));
        var checkpoint = ledger.NewRunner(RebuildOptions).ReadCheckpoint();
        Assert.Equal((log[^1].Position, (long)log.Count), (checkpoint.Position!.Value, checkpoint.EventsApplied));
        Assert.Equal(rows, (CountRows(ledger, "item_versions"), CountRows(ledger, "facts")));
        await AssertAnswersEqualFoldAsync(ledger, history);

        Assert.Equal(log.Count, await runner.RebuildAsync());
        Assert.Equal(rows, (CountRows(ledger, "item_versions"), CountRows(ledger, "facts")));
        await AssertAnswersEqualFoldAsync(ledger, history);
    }

    [Fact]
    public async Task Two_rebuilds_of_one_read_model_at_once_take_turns_and_the_read_model_is_whole()
    {
        var (ledger, history, log, rows) = await CaughtUpForRebuildAsync();
        await using var _ = ledger;

        // The second rebuild starts while the first is halfway through its load (another process, in real life). Before
        // the claim it emptied the first one's file, and the first then put the second's unfinished file in place.
        var second = ledger.NewRunner(RebuildOptions);
        var waits = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.Notice = message => waits.TrySetResult(message);
        Task<long>? secondRebuild = null;
        // Whether the first still held the claim each time it reported after its swap, the read model open in its catch-up.
        // Until round 47 it let go at the swap, and the second, taking its turn at that moment, found the read model open
        // "in another process" and failed — intermittently, as the two met or not (a delay in the first's catch-up made it
        // fail every time).
        var claimHeldAfterSwap = new List<bool>();
        var first = ledger.NewRunner(RebuildOptions).RebuildAsync(p =>
        {
            if (secondRebuild is not null && !File.Exists(ledger.ReadModelPath + ".rebuild"))
                claimHeldAfterSwap.Add(File.Exists(ledger.ReadModelPath + ".rebuild.lock")); // deleted when let go
            if (p.EventsThisRun < 50 || secondRebuild is not null) return;
            secondRebuild = Task.Run(() => second.RebuildAsync());
            Assert.True(waits.Task.Wait(TimeSpan.FromSeconds(20)), "the second rebuild did not wait for the first");
        });
        Assert.Equal(log.Count, await first);
        Assert.NotEmpty(claimHeldAfterSwap);
        Assert.DoesNotContain(false, claimHeldAfterSwap);
        Assert.Equal(log.Count, await secondRebuild!);
        Assert.Contains("Another rebuild of this read model is running", await waits.Task, StringComparison.Ordinal);
        Assert.False(File.Exists(ledger.ReadModelPath + ".rebuild"));
        Assert.False(File.Exists(ledger.ReadModelPath + ".rebuild.lock"));
        Assert.Equal(rows, (CountRows(ledger, "item_versions"), CountRows(ledger, "facts")));
        await AssertAnswersEqualFoldAsync(ledger, history);
    }

    [Fact]
    public async Task A_first_catch_up_that_waited_for_another_process_s_load_goes_on_from_that_load_and_does_not_load_again()
    {
        // Two 'ledger serve' started together on a long log with no read model: both find it empty and load it in bulk, and
        // the second waits for the first's claim. The first then keeps the loaded read model open (its live runner), so the
        // second, loading again, could not put its file in place: every first question on it was a 503 read-model-unavailable
        // telling the user to stop the other server, and its live runner stopped for 30 s.
        var options = new ProjectionOptions { BatchSize = 40, BulkLoadFrom = 50 };
        var (ledger, history) = await LedgerWithHistoryAsync(150, options);
        await using var _ = ledger;
        var second = ledger.NewRunner(options);
        var waits = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.Notice = message => waits.TrySetResult(message);
        Task<long> secondCatchUp;
        SqliteConnection firstProcessKeepsItOpen;
        // The first process's load holds the claim while the second starts ...
        using (new FileStream(ledger.ReadModelPath + ".rebuild.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose))
        {
            secondCatchUp = Task.Run(() => second.CatchUpAsync());
            Assert.Contains("Another rebuild of this read model is running", await waits.Task.WaitAsync(TimeSpan.FromSeconds(20)), StringComparison.Ordinal);
            // ... puts the whole read model in place, and keeps it open as a serving process does.
            await ledger.NewRunner(options with { BulkLoadFrom = null }).CatchUpAsync();
            firstProcessKeepsItOpen = new ReadModelDatabase(ledger.ReadModelPath).Open();
        }
        using (firstProcessKeepsItOpen)
        {
            Assert.Equal(0, await secondCatchUp); // nothing left: the first process applied it all
        }
        await AssertAnswersEqualFoldAsync(ledger, history);
    }

    [Fact]
    public async Task A_first_catch_up_of_a_read_model_another_process_has_open_goes_batch_by_batch_instead_of_failing()
    {
        // Two 'ledger serve' started together on a long log with no read model: the one that takes the claim first finds
        // the empty read model open in the other (which opened it to look at its checkpoint), and its load in bulk cannot
        // take the file's place. Before, that first question was a 503 read-model-unavailable.
        var options = new ProjectionOptions { BatchSize = 40, BulkLoadFrom = 50 };
        var (ledger, history) = await LedgerWithHistoryAsync(150, options);
        await using var _ = ledger;
        ledger.NewRunner(options with { BulkLoadFrom = null }).ReadCheckpoint(); // the other process made the empty read model ...
        using (var otherProcess = new ReadModelDatabase(ledger.ReadModelPath).Open()) // ... and has it open
        {
            Assert.Equal(150, await ledger.NewRunner(options).CatchUpAsync());
        }
        await AssertAnswersEqualFoldAsync(ledger, history);
    }

    [Fact]
    public async Task An_event_in_a_stream_that_only_looks_like_a_relationship_is_passed_over_by_a_catch_up_and_a_rebuild()
    {
        // Another client copies a recorded event into relationship-B~A (the parties out of the ledger's order): no question
        // can be about that stream, so it must not stop every question; verify names it (TamperingTests).
        var options = new ProjectionOptions { BatchSize = 25 };
        var (ledger, history) = await LedgerWithHistoryAsync(40, options);
        await using var _ = ledger;
        var original = (await LogAsync(ledger))[5];
        var parties = original.Stream[Domain.Parties.RelationshipKey.StreamPrefix.Length..].Split('~');
        await ledger.Store.AppendAsync($"{Domain.Parties.RelationshipKey.StreamPrefix}{parties[1]}~{parties[0]}", ExpectedRevision.NoStream,
            [new EventData(Guid.NewGuid(), original.Type, original.Data, original.Metadata)]);
        var runner = ledger.NewRunner(options);

        await runner.CatchUpAsync();
        Assert.Null(runner.ReadCheckpoint().Failure);
        await AssertAnswersEqualFoldAsync(ledger, history);
        await runner.RebuildAsync();
        Assert.Null(runner.ReadCheckpoint().Failure);
        await AssertAnswersEqualFoldAsync(ledger, history);
    }

    [Fact]
    public async Task A_projection_failing_on_an_event_stops_there_names_it_and_resumes_from_it_once_fixed()
    {
        var options = new ProjectionOptions { BatchSize = 25 };
        var (ledger, history) = await LedgerWithHistoryAsync(60, options);
        await using var _ = ledger;
        var log = await LogAsync(ledger);
        var poisoned = log[37];
        var broken = new BrokenOn(poisoned.EventId, new RelationshipsProjection());
        using var runner = new ProjectionRunner(new ReadModelDatabase(ledger.ReadModelPath), ledger.Store, broken, options);

        var failure = await Assert.ThrowsAsync<ProjectionFailedException>(() => runner.CatchUpAsync());
        Assert.Equal((poisoned.EventId, poisoned.Stream, poisoned.Position), (failure.EventId, failure.Stream, failure.Position));
        Assert.Contains(poisoned.EventId.ToString(), failure.Message, StringComparison.Ordinal);
        Assert.Contains(poisoned.Stream, failure.Message, StringComparison.Ordinal);
        Assert.Contains($"position {poisoned.Position}", failure.Message, StringComparison.Ordinal);

        // Everything before the event is kept; the status tells, also to another process.
        var status = await ledger.NewRunner(options).StatusAsync();
        Assert.Equal((log[36].Position.ToString(), 37L, (long)(log.Count - 37)), (status.Position, status.EventsApplied, status.Behind));
        Assert.Equal(poisoned.EventId, status.Failure!.EventId);

        // Questions are still answered, saying how far behind and why.
        var handler = new GetRelationshipStateFromReadModel(new ReadModel(runner, options, new CatchUpReporting()));
        var stale = await handler.Handle(new GetRelationshipState("AA", "BB", "2003-01-01"), default);
        Assert.Equal(log.Count - 37, stale.ReadModel!.Behind);
        Assert.Contains(poisoned.EventId.ToString(), stale.ReadModel.Failure!, StringComparison.Ordinal);

        // Still broken: it stops on the same event again, applying nothing twice.
        await Assert.ThrowsAsync<ProjectionFailedException>(() => runner.CatchUpAsync());
        Assert.Equal(37L, runner.ReadCheckpoint().EventsApplied);

        broken.Fixed = true;
        Assert.Equal(log.Count - 37, await runner.CatchUpAsync());
        var healed = runner.ReadCheckpoint();
        Assert.Equal((log[^1].Position, (long)log.Count, (ProjectionFailure?)null), (healed.Position!.Value, healed.EventsApplied, healed.Failure));
        await AssertAnswersEqualFoldAsync(ledger, history);
    }

    [Fact]
    public async Task Two_runners_on_one_read_model_never_apply_an_event_twice()
    {
        var options = new ProjectionOptions { BatchSize = 7 };
        var (ledger, history) = await LedgerWithHistoryAsync(120, options, seed: 11);
        await using var _ = ledger;
        var (first, second) = (ledger.NewRunner(options), ledger.NewRunner(options));
        var applied = await Task.WhenAll(Task.Run(() => first.CatchUpAsync()), Task.Run(() => second.CatchUpAsync()));
        Assert.Equal(120, applied.Sum());
        Assert.Equal(120, first.ReadCheckpoint().EventsApplied);
        await AssertAnswersEqualFoldAsync(ledger, history);
    }

    [Fact]
    public async Task Relationships_evicted_from_memory_come_back_from_the_files_with_the_same_answers()
    {
        var options = new ProjectionOptions { BatchSize = 5 };
        var (ledger, history) = await LedgerWithHistoryAsync(90, options, seed: 3);
        await using var _ = ledger;
        using var runner = new ProjectionRunner(new ReadModelDatabase(ledger.ReadModelPath), ledger.Store, new RelationshipsProjection(maxCachedBytes: 3_000), options);
        await runner.RebuildAsync();
        await AssertAnswersEqualFoldAsync(ledger, history);
    }

    [Fact]
    public async Task Rebuild_reports_progress_and_status_shows_position_and_lag()
    {
        var options = new ProjectionOptions { BatchSize = 20, ProgressEvery = 10 };
        var (ledger, _) = await LedgerWithHistoryAsync(50, options);
        await using var _ = ledger;
        var reports = new List<ProjectionProgress>();
        Assert.Equal(50, await ledger.Runner.RebuildAsync(reports.Add));
        Assert.True(reports.Count >= 5);
        Assert.Equal(50, reports[^1].EventsThisRun);
        Assert.True(reports[^1].EventsPerSecond > 0);
        Assert.Equal(1.0, reports[^1].Fraction);

        var history = new RandomHistory(new Random(99), ledger);
        for (var i = 0; i < 3; i++) await history.AppendOneAsync();
        var status = await ledger.Runner.StatusAsync();
        Assert.Equal((3L, 50L, RelationshipsProjection.ProjectionName), (status.Behind, status.EventsApplied, status.Projection));
    }

    [Fact]
    public async Task A_live_runner_applies_events_as_they_are_appended()
    {
        var options = new ProjectionOptions { BatchSize = 4, CatchUpBeforeQuery = false };
        var (ledger, history) = await LedgerWithHistoryAsync(10, options, seed: 5);
        await using var _ = ledger;
        using var live = ledger.NewRunner(options);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var running = live.RunLiveAsync(stop.Token);
        for (var i = 0; i < 15; i++) await history.AppendOneAsync();
        var head = (await LogAsync(ledger))[^1].Position;
        while (live.ReadCheckpoint().Position != head)
        {
            Assert.False(running.IsCompleted, running.Exception?.ToString());
            await Task.Delay(20, stop.Token);
        }
        await stop.CancelAsync();
        await running;
        Assert.Equal(25, live.ReadCheckpoint().EventsApplied);
        await AssertAnswersEqualFoldAsync(ledger, history); // queries do not catch up here: the live runner did
    }

    [Fact]
    public async Task A_live_runner_stopped_in_the_catch_up_that_starts_it_stops_as_it_does_when_live()
    {
        // A live run begins (and begins again after the log was replaced) with a catch-up; a stop that lands there ended the
        // run with an OperationCanceledException, where a stop in the live part ends it quietly ("A task was canceled" from
        // A_live_runner_behind_a_read_model_made_again_shorter…'s StopAsync, once in CI). Cancelled before it starts: in the catch-up.
        var options = new ProjectionOptions { BatchSize = 4, CatchUpBeforeQuery = false };
        var (ledger, _) = await LedgerWithHistoryAsync(10, options, seed: 6);
        await using var __ = ledger;
        using var live = ledger.NewRunner(options);
        await live.RunLiveAsync(new CancellationToken(canceled: true));
        Assert.Equal(0, live.ReadCheckpoint().EventsApplied);
    }

    [Fact]
    public async Task A_live_runner_keeps_its_connection_between_batches_yet_follows_a_rebuild_that_replaces_the_file()
    {
        // Live batches share one connection; a rebuild puts a new file in place, and the batches after
        // it must go into that file, not into the one the kept connection had open.
        var options = new ProjectionOptions { BatchSize = 4, CatchUpBeforeQuery = false };
        var (ledger, history) = await LedgerWithHistoryAsync(10, options, seed: 11);
        await using var _ = ledger;
        using var live = ledger.NewRunner(options);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var running = live.RunLiveAsync(stop.Token);
        async Task AppendAndWaitAsync(int events)
        {
            for (var i = 0; i < events; i++) await history.AppendOneAsync();
            var head = (await LogAsync(ledger))[^1].Position;
            while (live.ReadCheckpoint().Position != head)
            {
                Assert.False(running.IsCompleted, running.Exception?.ToString());
                await Task.Delay(20, stop.Token);
            }
        }
        await AppendAndWaitAsync(12);
        Assert.Equal(22, await live.RebuildAsync());
        await AppendAndWaitAsync(12);
        await stop.CancelAsync();
        await running;
        Assert.Equal(34, live.ReadCheckpoint().EventsApplied);
        await AssertAnswersEqualFoldAsync(ledger, history);
    }

    /// <summary>
    /// The store file replaced by a copy taken <paramref name="eventsAgo"/> events ago, and <paramref name="written"/>
    /// engagements recorded into it by another process: the log's positions after the copy's end now name other events.
    /// </summary>
    private static async Task<string> OlderCopyAsync(TestLedger ledger, RandomHistory history, int eventsAgo)
    {
        var copy = ledger.StorePath + ".older";
        await LedgerFiles.CopyAsync(ledger.StorePath, copy);
        for (var i = 0; i < eventsAgo; i++) await history.AppendOneAsync();
        return copy;
    }

    /// <summary>The relationship the other process wrote to, which the random history does not know: as the fold of the log says.</summary>
    private static Task AssertWrittenElsewhereEqualsFoldAsync(TestLedger ledger) =>
        new Oracle(ledger.Mediator, ledger.Repository).AssertSameStateAsync(RelationshipKey.Of("FR", "DE"), new DateOnly(2021, 1, 1), null);

    private static async Task WriteElsewhereAsync(TestLedger ledger, int written)
    {
        await using var elsewhere = await TestLedger.OpenAsync(ledger.StorePath); // another process on the same file
        for (var i = 0; i < written; i++)
            await elsewhere.RecordAsync(TestLedger.Sourced(new RelationsLedger.Application.Commands.Cooperation.HoldEngagement("FR", "DE", "talks", $"after the copy {i}"), "2020-05"));
    }

    private static async Task PutInPlaceAndWriteElsewhereAsync(TestLedger ledger, string copy, int written)
    {
        LedgerFiles.PutInPlace(copy, ledger.StorePath);
        await WriteElsewhereAsync(ledger, written);
    }

    /// <summary>A live runner of its own on the ledger's read model, until stopped.</summary>
    private sealed class LiveRun : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(1));
        private readonly Task _running;

        public ProjectionRunner Runner { get; }
        public List<string> Notices { get; } = [];

        public LiveRun(TestLedger ledger, ProjectionOptions options)
        {
            Runner = ledger.NewRunner(options);
            Runner.Notice = n => { lock (Notices) Notices.Add(n); };
            _running = Runner.RunLiveAsync(_stop.Token);
        }

        public async Task WaitForAsync(GlobalPosition head)
        {
            while (Runner.ReadCheckpoint().Position != head)
            {
                Assert.False(_running.IsCompleted, _running.Exception?.ToString());
                await Task.Delay(20, _stop.Token);
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _running;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_running.IsCompleted) await StopAsync();
            Runner.Dispose();
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task A_catch_up_after_an_older_copy_was_written_past_the_checkpoint_makes_the_read_model_again()
    {
        var options = new ProjectionOptions { BatchSize = 4 };
        var (ledger, history) = await LedgerWithHistoryAsync(12, options, seed: 3);
        await using var _ = ledger;
        var copy = await OlderCopyAsync(ledger, history, eventsAgo: 5);
        Assert.Equal(17, await ledger.Runner.CatchUpAsync()); // checkpoint: position 17
        var notices = new List<string>();
        ledger.Runner.Notice = notices.Add;

        await PutInPlaceAndWriteElsewhereAsync(ledger, copy, written: 8); // positions 13–20: past 17, and 13–17 are other events

        await ledger.Runner.CatchUpAsync();
        await AssertAnswersEqualFoldAsync(ledger, history);
        await AssertWrittenElsewhereEqualsFoldAsync(ledger);
        Assert.Equal(20, ledger.Runner.ReadCheckpoint().EventsApplied);
        Assert.Contains(notices, n => n.Contains("is no longer in the log there", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_live_runner_that_meets_an_older_copy_written_past_its_checkpoint_makes_the_read_model_again()
    {
        var options = new ProjectionOptions { BatchSize = 4, CatchUpBeforeQuery = false };
        var (ledger, history) = await LedgerWithHistoryAsync(12, options, seed: 9);
        await using var _ = ledger;
        await using var live = new LiveRun(ledger, options);
        var copy = await OlderCopyAsync(ledger, history, eventsAgo: 5);
        await live.WaitForAsync(GlobalPosition.Of(17));

        await PutInPlaceAndWriteElsewhereAsync(ledger, copy, written: 8);

        await live.WaitForAsync(GlobalPosition.Of(20));
        await live.StopAsync();
        await AssertAnswersEqualFoldAsync(ledger, history); // queries do not catch up here: the live runner did
        await AssertWrittenElsewhereEqualsFoldAsync(ledger);
        Assert.Equal(20, live.Runner.ReadCheckpoint().EventsApplied);
        lock (live.Notices) Assert.Contains(live.Notices, n => n.Contains("is no longer in the log there", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_answer_given_without_a_catch_up_from_a_read_model_of_another_history_says_so()
    {
        var options = new ProjectionOptions { BatchSize = 4, CatchUpBeforeQuery = false };
        var (ledger, history) = await LedgerWithHistoryAsync(12, options, seed: 5);
        await using var _ = ledger;
        var copy = await OlderCopyAsync(ledger, history, eventsAgo: 5);
        Assert.Equal(17, await ledger.Runner.CatchUpAsync());
        Assert.Null((await ledger.Runner.StatusAsync()).Diverged);

        await PutInPlaceAndWriteElsewhereAsync(ledger, copy, written: 8); // no runner has run since: the read model is of the other history

        Assert.Contains("is no longer in the log there", (await ledger.Runner.StatusAsync()).Diverged, StringComparison.Ordinal);
        var answer = await ledger.Send(new GetRelationshipState("FR", "DE", "2021-01-01"));
        Assert.Contains("The read model is not of this log", answer.ReadModel!.Failure, StringComparison.Ordinal);
        await ledger.Runner.CatchUpAsync();
        Assert.Null((await ledger.Send(new GetRelationshipState("FR", "DE", "2021-01-01"))).ReadModel!.Failure);
    }

    [Fact]
    public async Task A_bulk_rebuild_stands_its_checkpoint_on_its_last_event_and_a_read_model_of_an_earlier_version_is_made_again_once()
    {
        var options = new ProjectionOptions { BatchSize = 4 };
        var (ledger, history) = await LedgerWithHistoryAsync(30, options, seed: 13);
        await using var _ = ledger;
        var notices = new List<string>();
        ledger.Runner.Notice = notices.Add;
        Assert.Equal(30, await ledger.Runner.RebuildAsync()); // in bulk: a new file
        var log = await LogAsync(ledger);
        var checkpoint = ledger.Runner.ReadCheckpoint();
        Assert.Equal((log[^1].Position, AppliedEvent.Of(log[^1])), (checkpoint.Position!.Value, checkpoint.Last));
        Assert.Equal(0, await ledger.Runner.CatchUpAsync());
        Assert.Empty(notices);

        // Made by an earlier version: a checkpoint without its event cannot be checked against the log.
        await LedgerFiles.ExecuteAsync(ledger.ReadModelPath, "UPDATE checkpoints SET last_event_id = NULL, last_stream = NULL, last_revision = NULL");
        SqliteConnection.ClearAllPools();
        await ledger.Runner.CatchUpAsync();
        Assert.Contains(notices, n => n.Contains("names no event (made by an earlier version)", StringComparison.Ordinal));
        notices.Clear();
        for (var i = 0; i < 3; i++) await history.AppendOneAsync();
        Assert.Equal(3, await ledger.Runner.CatchUpAsync());
        Assert.Empty(notices);
        await AssertAnswersEqualFoldAsync(ledger, history);
    }

    [Fact]
    public async Task A_live_runner_behind_a_read_model_made_again_shorter_meanwhile_applies_the_events_between_too()
    {
        var options = new ProjectionOptions { BatchSize = 4, CatchUpBeforeQuery = false };
        var (ledger, history) = await LedgerWithHistoryAsync(12, options, seed: 21);
        await using var _ = ledger;
        await using var live = new LiveRun(ledger, options);
        var copy = await OlderCopyAsync(ledger, history, eventsAgo: 5);
        await live.WaitForAsync(GlobalPosition.Of(17)); // the subscription has delivered up to 17

        LedgerFiles.PutInPlace(copy, ledger.StorePath);
        await ledger.Runner.CatchUpAsync(); // a query's catch-up: the read model is made again from the copy, up to 12
        Assert.Equal(GlobalPosition.Of(12), ledger.Runner.ReadCheckpoint().Position);
        await WriteElsewhereAsync(ledger, written: 8); // positions 13–20, of which the subscription sends 18–20

        await live.WaitForAsync(GlobalPosition.Of(20));
        await live.StopAsync();
        await AssertAnswersEqualFoldAsync(ledger, history);
        await AssertWrittenElsewhereEqualsFoldAsync(ledger);
        Assert.Equal(20, live.Runner.ReadCheckpoint().EventsApplied);
    }
}
