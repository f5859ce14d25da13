using System.Text.Json.Nodes;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A relationship whose first events are no longer in the global log — on KurrentDB, a scavenge after another client
/// truncated or deleted its stream; here, rows deleted from the embedded store's file, which leaves the log the same
/// shape: the stream's first event in it is above revision 0. The read model must not take the rest for the whole record:
/// before, a rebuild answered the state from it ("nothing recorded takes effect on or before this day") and said nothing.
/// Every path — a rebuild, a first bulk load, the catch-up batch by batch, the live runner, a read model of the version
/// before — refuses questions about it and names it in answers across relationships. The live KurrentDB case with a
/// real scavenge: Audit.Tests' ScavengedStreamTests.
/// </summary>
public sealed class MissingFromTheLogTests
{
    private static readonly string Stream = RelationshipKey.Of("RU", "taliban").StreamName;

    /// <summary>The founding example with the first two events of RU~taliban deleted from the store's file.</summary>
    private static async Task<TestLedger> LedgerMissingTheFirstTwoAsync(ProjectionOptions options, bool readModelFirst = false)
    {
        var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        await ledger.RecordFoundingExampleAsync();
        if (readModelFirst) await ledger.Runner.CatchUpAsync();
        var events = await ledger.Store.ReadStreamAsync(Stream, ReadDirection.Forwards, null, long.MaxValue).ToListAsync();
        Assert.True(events.Count > 2);
        foreach (var e in events.Take(2)) await ledger.SqlAsync("DELETE FROM events WHERE id_of(event_id) = $id", ("$id", e.EventId.ToString()));
        return ledger;
    }

    private static async Task AssertRefusedAndNamedAsync(TestLedger ledger, long passedOver = 0)
    {
        var refused = await Assert.ThrowsAsync<LedgerTamperedException>(() => ledger.Send(new GetRelationshipState("RU", "taliban", "2030-01-01")));
        var finding = Assert.Single(refused.Findings);
        Assert.Equal((TamperKind.Removed, Stream, Guid.Empty), (finding.Kind, finding.Stream, finding.EventId));
        Assert.Contains("revisions 0–1 are not in the global log, whose first event of the stream is revision 2", finding.Detail, StringComparison.Ordinal);
        Assert.Contains("ledger verify RU taliban", refused.Message, StringComparison.Ordinal);

        // Across relationships: answered, saying which relationship it could not answer for, and nothing of it in the answer.
        var byRu = await ledger.Send(new GetDesignationsBy("RU", "2030-01-01"));
        var named = byRu.ReadModel!.PassedOver!.Events[0];
        Assert.Equal((TamperKind.Removed, Stream, 1 + passedOver), (named.Kind, named.Stream, byRu.ReadModel.PassedOver.Count));
        Assert.Empty(byRu.Items);
        var changed = await ledger.Send(new GetChangedRelationships("1800-01-01", "2100-01-01"));
        Assert.All(changed.ReadModel!.PassedOver!.Events, e => Assert.Equal(Stream, e.Stream));
        Assert.DoesNotContain(changed.Relationships, c => c.Relationship.Contains("taliban", StringComparison.Ordinal));
        Assert.Null((await ledger.Send(new GetDesignationsBy("DE", "2030-01-01"))).ReadModel!.PassedOver);

        // And the status an operator looks at says so: one relationship not whole, no event passed over.
        var status = await ledger.Runner.StatusAsync();
        Assert.Equal((passedOver, 1L), (status.PassedOver, status.NotWhole));
    }

    [Fact]
    public async Task A_rebuild_refuses_the_relationship_whose_first_events_are_gone_from_the_log()
    {
        await using var ledger = await LedgerMissingTheFirstTwoAsync(new ProjectionOptions());
        await ledger.Runner.RebuildAsync();
        await AssertRefusedAndNamedAsync(ledger);
        // The other relationship answers as the straight fold of its stream does.
        await new Oracle(ledger.Mediator, ledger.Repository).AssertSameStateAsync(RelationshipKey.Of("DE", "FR"), new DateOnly(2030, 1, 1), null);
    }

    [Fact]
    public async Task Every_path_leaves_the_same_rows()
    {
        var options = new ProjectionOptions { BatchSize = 3, BulkCommitEvery = 5, BulkLoadFrom = null };
        await using var ledger = await LedgerMissingTheFirstTwoAsync(options);
        await ledger.Runner.CatchUpAsync(); // batch by batch
        await AssertRefusedAndNamedAsync(ledger);
        var incremental = RebuildEqualsIncrementalProperty.Rows(ledger.ReadModelPath);

        var loadedPath = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "loaded.projections.db");
        using (var loader = new ProjectionRunner(new ReadModelDatabase(loadedPath), ledger.Store, new Relationships.RelationshipsProjection(), options with { BulkLoadFrom = 1 }))
            await loader.CatchUpAsync();
        var rebuiltPath = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "rebuilt.projections.db");
        using (var rebuilder = new ProjectionRunner(new ReadModelDatabase(rebuiltPath), ledger.Store, new Relationships.RelationshipsProjection(), options))
            await rebuilder.RebuildAsync();
        foreach (var path in new[] { loadedPath, rebuiltPath })
        {
            var rows = RebuildEqualsIncrementalProperty.Rows(path);
            Assert.Equal(incremental.Relationships, rows.Relationships);
            Assert.Equal(incremental.Items, rows.Items);
            Assert.Equal(incremental.PassedOver, rows.PassedOver);
        }
    }

    [Fact]
    public async Task The_live_runner_refuses_it_too()
    {
        var options = new ProjectionOptions { BatchSize = 4, CatchUpBeforeQuery = false, BulkLoadFrom = null };
        await using var ledger = await LedgerMissingTheFirstTwoAsync(options);
        using var live = ledger.NewRunner(options);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var running = live.RunLiveAsync(stop.Token);
        var head = (await ledger.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships).ToListAsync())[^1].Position;
        while (live.ReadCheckpoint().Position != head)
        {
            Assert.False(running.IsCompleted, running.Exception?.ToString());
            await Task.Delay(20, stop.Token);
        }
        await stop.CancelAsync();
        await running;
        Assert.Null(live.ReadCheckpoint().Failure);
        await AssertRefusedAndNamedAsync(ledger);
    }

    [Fact]
    public async Task A_read_model_made_while_it_was_whole_refuses_it_once_it_restores_it_from_what_is_left()
    {
        // Made while RU~taliban was whole; then its first two events are removed, and another client appends an event of the
        // ledger's shape to its stream (the ledger refuses commands there). A runner with nothing of the relationship in memory
        // (another process, or the relationship evicted) restores it from its stream to apply that event. Before, it restored
        // it from the rest and answered from a fold of part of the record, saying nothing, while a rebuild refused it.
        await using var ledger = await LedgerMissingTheFirstTwoAsync(new ProjectionOptions(), readModelFirst: true);
        var recognition = (await ledger.Store.ReadStreamAsync(Stream, ReadDirection.Forwards, null, long.MaxValue).ToListAsync()).First(e => e.Type == "RecognitionGranted");
        var metadata = JsonNode.Parse(recognition.Metadata.Span)!.AsObject();
        metadata["effectiveDate"] = "2010-05-01"; // before the designation's end: a recut of the timeline from there
        var id = Guid.NewGuid();
        await ledger.Store.AppendAsync(Stream, ExpectedRevision.Any,
            [new EventData(id, recognition.Type, recognition.Data, Resealed.Metadata(Stream, id, recognition.Type, recognition.Data.ToArray(), metadata))]);
        using (var restarted = ledger.NewRunner()) Assert.Equal(1, await restarted.CatchUpAsync());

        await AssertRefusedAndNamedAsync(ledger);
        await RebuildEqualsIncrementalProperty.AssertRowsOfARebuildAsync(ledger);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task When_the_first_event_left_is_not_the_ledgers_the_relationship_is_still_named_not_whole(bool rebuild)
    {
        // The first event the log still holds of the stream is passed over (its envelope no longer reads). It is as much the
        // stream's first remaining event as a ledger event would be: the events before it are gone, and none after it may be
        // folded as if they were the record. A mutation that asked only the events the projection applies survived every
        // other test: the ones after it were folded, and the refusal named the unreadable event alone.
        await using var ledger = await LedgerMissingTheFirstTwoAsync(new ProjectionOptions { BatchSize = 3, BulkLoadFrom = null });
        var third = (await ledger.Store.ReadStreamAsync(Stream, ReadDirection.Forwards, null, 1).SingleAsync());
        Assert.Equal(2UL, third.Revision);
        await ledger.SqlAsync("UPDATE events SET metadata = CAST('{\"not\":\"an envelope\"}' AS BLOB) WHERE id_of(event_id) = $id", ("$id", third.EventId.ToString()));
        if (rebuild) await ledger.Runner.RebuildAsync();
        else await ledger.Runner.CatchUpAsync();

        // The question names the removal (at the same position as the unreadable event, and before it: it is of the revisions
        // before); answers across relationships name both.
        await AssertRefusedAndNamedAsync(ledger, passedOver: 1);
        var changed = await ledger.Send(new GetChangedRelationships("1800-01-01", "2100-01-01"));
        Assert.Equal([(TamperKind.Removed, Guid.Empty), (TamperKind.Altered, third.EventId)], changed.ReadModel!.PassedOver!.Events.Select(e => (e.Kind, e.EventId)));
        using var c = new ReadModelDatabase(ledger.ReadModelPath).Open();
        using var rows = c.CreateCommand();
        rows.CommandText = "SELECT COUNT(*) FROM relationships WHERE key = $key";
        rows.Parameters.AddWithValue("$key", RelationshipKey.Of("RU", "taliban").ToString());
        Assert.Equal(0L, (long)rows.ExecuteScalar()!); // nothing of it folded
    }

    [Fact]
    public async Task A_read_model_of_the_version_before_is_rebuilt_not_trusted()
    {
        // Made by version 3 after the events were gone: it answered from the rest. Version 4 makes it again.
        await using var ledger = await LedgerMissingTheFirstTwoAsync(new ProjectionOptions());
        await ledger.Runner.CatchUpAsync();
        using (var c = new ReadModelDatabase(ledger.ReadModelPath).Open())
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "DELETE FROM passed_over; UPDATE checkpoints SET version = 3";
            cmd.ExecuteNonQuery();
        }
        await AssertRefusedAndNamedAsync(ledger);
    }
}
