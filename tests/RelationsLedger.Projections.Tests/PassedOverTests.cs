using System.Text;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// An event that is not the ledger's in a relationship's stream — appended by another client of the store, or a row changed
/// so that it no longer reads as a ledger event — is passed over by the projection and recorded (table passed_over), on
/// every path: the catch-up (with relationships evicted and restored from their streams), a rebuild, a first catch-up
/// loaded in bulk, a live subscription. Before, the projection stopped on it for good, and every question about every
/// relationship was answered from the frozen read model. An event that reads as the ledger's and fails to apply still stops it.
/// </summary>
public sealed class PassedOverTests
{
    private static async Task<(TestLedger Ledger, RandomHistory History)> LedgerWithHistoryAsync(int events, ProjectionOptions options, int seed)
    {
        var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        var history = RandomHistory.Raw(new Random(seed), ledger);
        for (var i = 0; i < events; i++) await history.AppendOneAsync();
        return (ledger, history);
    }

    /// <summary>What another client of the store appends: JSON data of a ledger type, no envelope.</summary>
    private static async Task<RecordedEvent> AppendForeignAsync(TestLedger ledger, string stream)
    {
        await ledger.Store.AppendAsync(stream, ExpectedRevision.Any,
            [new EventData(Guid.NewGuid(), "RelationsSevered", Encoding.UTF8.GetBytes("""{"partyA":"x","partyB":"y"}"""), ReadOnlyMemory<byte>.Empty)]);
        return await ledger.Store.ReadStreamAsync(stream, ReadDirection.Backwards, null, 1).SingleAsync();
    }

    /// <summary>A stored row changed so that its envelope no longer reads (as someone with the file could): the event at that place.</summary>
    private static async Task<RecordedEvent> AlterAsync(TestLedger ledger, RecordedEvent e)
    {
        await ledger.SqlAsync("UPDATE events SET metadata = CAST('{\"not\":\"an envelope\"}' AS BLOB) WHERE id_of(event_id) = $id", ("$id", e.EventId.ToString()));
        return e;
    }

    private static List<(string Stream, long Revision, string EventId, string Unreadable)> PassedOverRows(string readModel)
    {
        using var c = new ReadModelDatabase(readModel).Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT stream, revision, event_id, unreadable FROM passed_over ORDER BY commit_position";
        using var r = cmd.ExecuteReader();
        var rows = new List<(string, long, string, string)>();
        while (r.Read()) rows.Add((r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3)));
        return rows;
    }

    private static async Task AssertStateRefusedNamingAsync(TestLedger ledger, RecordedEvent foreign)
    {
        var key = RelationshipKey.TryParseStream(foreign.Stream, out var k) ? k! : throw new InvalidOperationException(foreign.Stream);
        var refused = await Assert.ThrowsAsync<LedgerTamperedException>(() => ledger.Send(new GetRelationshipState(key.First.Value, key.Second.Value, "2030-01-01")));
        var finding = Assert.Single(refused.Findings);
        Assert.Equal((TamperKind.Altered, foreign.Stream, foreign.Revision, foreign.EventId, foreign.Position.ToString()),
            (finding.Kind, finding.Stream, finding.Revision, finding.EventId, finding.Position));
        Assert.Contains($"ledger verify {key.First} {key.Second}", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_stream_whose_revision_0_is_passed_over_is_whole_and_refused_for_that_event_alone(bool rebuild)
    {
        // Revision 0 is in the log, only not the ledger's: nothing was removed, and the refusal must not say so. The ledger's
        // events after it are met with the stream already seen (passed over), which is not a stream whose start is gone.
        var options = new ProjectionOptions { BatchSize = 3, BulkLoadFrom = null };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        await ledger.RecordFoundingExampleAsync();
        var stream = RelationshipKey.Of("RU", "taliban").StreamName;
        var first = await AlterAsync(ledger, await ledger.Store.ReadStreamAsync(stream, ReadDirection.Forwards, null, 1).SingleAsync());
        if (rebuild) await ledger.Runner.RebuildAsync();
        else await ledger.Runner.CatchUpAsync();

        await AssertStateRefusedNamingAsync(ledger, first);
        var status = await ledger.Runner.StatusAsync();
        Assert.Equal((1L, 0L), (status.PassedOver, status.NotWhole));
    }

    [Fact]
    public async Task A_foreign_event_as_the_first_of_a_stream_is_passed_over_and_other_questions_stay_current()
    {
        var options = new ProjectionOptions { BatchSize = 4 };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        await ledger.RecordFoundingExampleAsync();
        var foreign = await AppendForeignAsync(ledger, RelationshipKey.Of("FR", "zz").StreamName);
        await ledger.RecordAsync(TestLedger.Sourced(new Application.Commands.Cooperation.HoldEngagement("FR", "DE", "talks", "after the foreign event"), "2020-05")); // after it in the log

        await ledger.Runner.CatchUpAsync();
        Assert.Null(ledger.Runner.ReadCheckpoint().Failure);
        var row = Assert.Single(PassedOverRows(ledger.ReadModelPath));
        Assert.Equal((foreign.Stream, 0L, foreign.EventId.ToString("D")), (row.Stream, row.Revision, row.EventId));
        Assert.StartsWith("its envelope cannot be read", row.Unreadable, StringComparison.Ordinal);

        await AssertStateRefusedNamingAsync(ledger, foreign);
        var state = await ledger.Send(new GetRelationshipState("DE", "FR", "2021-01-01"));
        Assert.True(state.ReadModel!.IsCurrent, state.ReadModel.Failure);
        Assert.Null(state.ReadModel.PassedOver);
        await new Oracle(ledger.Mediator, ledger.Repository).AssertSameStateAsync(RelationshipKey.Of("DE", "FR"), new DateOnly(2021, 1, 1), null);
        await new Oracle(ledger.Mediator, ledger.Repository).AssertSameStateAsync(RelationshipKey.Of("RU", "taliban"), new DateOnly(2025, 6, 1), null);

        // Across relationships: answered, current, naming the event the answer leaves out (of the party's relationships only).
        var byFr = await ledger.Send(new GetDesignationsBy("FR", "2030-01-01"));
        Assert.True(byFr.ReadModel!.IsCurrent);
        var named = Assert.Single(byFr.ReadModel.PassedOver!.Events);
        Assert.Equal((1L, foreign.EventId, foreign.Position.ToString(), foreign.Stream, "RelationsSevered"),
            (byFr.ReadModel.PassedOver.Count, named.EventId, named.Position, named.Stream, named.Type));
        Assert.Null((await ledger.Send(new GetDesignationsBy("RU", "2030-01-01"))).ReadModel!.PassedOver);
        Assert.Equal(1L, (await ledger.Send(new GetChangedRelationships("1900-01-01", "2030-01-01"))).ReadModel!.PassedOver!.Count);
    }

    [Fact]
    public async Task Altered_events_in_the_middle_of_two_relationships_leave_the_same_rows_on_every_path()
    {
        // Small batches and a tiny memory: relationships are evicted and restored from their streams, which hold the altered rows.
        var options = new ProjectionOptions { BatchSize = 3, BulkCommitEvery = 7, BulkLoadFrom = null };
        var (ledger, history) = await LedgerWithHistoryAsync(80, options, seed: 21);
        await using var _ = ledger;
        var log = await ledger.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships).ToListAsync();
        var first = await AlterAsync(ledger, log[30]);
        var second = await AlterAsync(ledger, log.Skip(31).First(e => e.Stream != first.Stream));
        Assert.Contains(log.Skip(31), e => e.Stream == first.Stream); // readable events follow it in its stream

        using (var evicting = new ProjectionRunner(new ReadModelDatabase(ledger.ReadModelPath), ledger.Store, new RelationshipsProjection(maxCachedBytes: 3_000), options))
            Assert.Equal(log.Count, await evicting.CatchUpAsync());
        Assert.Null(ledger.Runner.ReadCheckpoint().Failure);
        var incremental = RebuildEqualsIncrementalProperty.Rows(ledger.ReadModelPath);
        Assert.Equal([first.EventId.ToString("D"), second.EventId.ToString("D")], PassedOverRows(ledger.ReadModelPath).Select(r => r.EventId));

        var rebuiltPath = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "rebuilt.projections.db");
        using (var rebuilder = new ProjectionRunner(new ReadModelDatabase(rebuiltPath), ledger.Store, new RelationshipsProjection(), options))
            Assert.Equal(log.Count, await rebuilder.RebuildAsync());
        var loadedPath = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "loaded.projections.db");
        using (var loader = new ProjectionRunner(new ReadModelDatabase(loadedPath), ledger.Store, new RelationshipsProjection(), options with { BulkLoadFrom = 1 }))
            Assert.Equal(log.Count, await loader.CatchUpAsync());
        foreach (var path in new[] { rebuiltPath, loadedPath })
        {
            var rows = RebuildEqualsIncrementalProperty.Rows(path);
            Assert.Equal(incremental.Items, rows.Items);
            Assert.Equal(incremental.Facts, rows.Facts);
            Assert.Equal(incremental.Relationships, rows.Relationships);
            Assert.Equal(incremental.PassedOver, rows.PassedOver);
        }

        await AssertStateRefusedNamingAsync(ledger, first);
        await AssertStateRefusedNamingAsync(ledger, second);
        var oracle = new Oracle(ledger.Mediator, ledger.Repository);
        foreach (var key in history.Relationships.Where(k => k.StreamName != first.Stream && k.StreamName != second.Stream))
            foreach (var day in history.InterestingDays.Distinct().Where((_, i) => i % 5 == 0))
                await oracle.AssertSameStateAsync(key, day, null);
        var changed = await ledger.Send(new GetChangedRelationships("1800-01-01", "2100-01-01"));
        Assert.True(changed.ReadModel!.IsCurrent);
        Assert.Equal([first.EventId, second.EventId], changed.ReadModel.PassedOver!.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task A_foreign_event_in_the_range_of_a_first_bulk_load_is_passed_over()
    {
        var options = new ProjectionOptions { BatchSize = 5, BulkLoadFrom = 10, BulkCommitEvery = 4 };
        var (ledger, _) = await LedgerWithHistoryAsync(30, options, seed: 3);
        await using var __ = ledger;
        var foreign = await AppendForeignAsync(ledger, RelationshipKey.Of("AA", "BB").StreamName);
        var more = await AppendForeignAsync(ledger, RelationshipKey.Of("DE", "FR").StreamName);

        await ledger.Runner.CatchUpAsync(); // the first: loaded in bulk
        Assert.NotNull(ledger.Runner.LastRebuild);
        Assert.Null(ledger.Runner.ReadCheckpoint().Failure);
        Assert.Equal([foreign.EventId.ToString("D"), more.EventId.ToString("D")], PassedOverRows(ledger.ReadModelPath).Select(r => r.EventId));
        await AssertStateRefusedNamingAsync(ledger, foreign);
        await AssertStateRefusedNamingAsync(ledger, more);
        Assert.Equal(2L, (await ledger.Send(new GetChangedRelationships("1800-01-01", "2100-01-01"))).ReadModel!.PassedOver!.Count);
    }

    [Fact]
    public async Task A_live_runner_passes_over_a_foreign_event_appended_while_it_runs()
    {
        var options = new ProjectionOptions { BatchSize = 4, CatchUpBeforeQuery = false };
        var (ledger, history) = await LedgerWithHistoryAsync(10, options, seed: 5);
        await using var _ = ledger;
        using var live = ledger.NewRunner(options);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var running = live.RunLiveAsync(stop.Token);
        for (var i = 0; i < 5; i++) await history.AppendOneAsync();
        var foreign = await AppendForeignAsync(ledger, RelationshipKey.Of("DE", "FR").StreamName);
        for (var i = 0; i < 5; i++) await history.AppendOneAsync();
        var head = (await ledger.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships).ToListAsync())[^1].Position;
        while (live.ReadCheckpoint().Position != head)
        {
            Assert.False(running.IsCompleted, running.Exception?.ToString());
            Assert.Null(live.ReadCheckpoint().Failure);
            await Task.Delay(20, stop.Token);
        }
        await stop.CancelAsync();
        await running;
        Assert.Null(live.ReadCheckpoint().Failure);
        Assert.Equal(foreign.EventId.ToString("D"), Assert.Single(PassedOverRows(ledger.ReadModelPath)).EventId);
        await AssertStateRefusedNamingAsync(ledger, foreign); // queries do not catch up here: the live runner did
        var oracle = new Oracle(ledger.Mediator, ledger.Repository);
        foreach (var key in history.Relationships)
            await oracle.AssertSameStateAsync(key, history.InterestingDays[^1], null);
    }

    [Fact]
    public async Task A_readable_event_whose_apply_throws_still_stops_the_projection_after_a_passed_over_one()
    {
        var options = new ProjectionOptions { BatchSize = 50 };
        var (ledger, history) = await LedgerWithHistoryAsync(10, options, seed: 9);
        await using var _ = ledger;
        var foreign = await AppendForeignAsync(ledger, RelationshipKey.Of("DE", "FR").StreamName);
        for (var i = 0; i < 5; i++) await history.AppendOneAsync();
        var log = await ledger.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships).ToListAsync();
        var buggy = log[^3];
        using var runner = new ProjectionRunner(new ReadModelDatabase(ledger.ReadModelPath), ledger.Store, new BrokenOn(buggy.EventId, new RelationshipsProjection()), options);

        var failure = await Assert.ThrowsAsync<ProjectionFailedException>(() => runner.CatchUpAsync());
        Assert.Equal((buggy.EventId, buggy.Stream), (failure.EventId, failure.Stream));
        Assert.Contains("a bug applying this event", failure.Message, StringComparison.Ordinal);
        var checkpoint = runner.ReadCheckpoint();
        Assert.Equal((log[^4].Position, buggy.EventId), (checkpoint.Position!.Value, checkpoint.Failure!.EventId));
        Assert.Equal(foreign.EventId.ToString("D"), Assert.Single(PassedOverRows(ledger.ReadModelPath)).EventId); // kept with the events before
    }
}
