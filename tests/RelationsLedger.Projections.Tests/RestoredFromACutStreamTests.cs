using System.Text;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A read model made while RU~taliban was whole meets, later, an event another client appended to its stream after the
/// stream's first events were removed from the log (on KurrentDB a scavenge after a truncation or deletion; here rows deleted
/// from the embedded store's file). The runner holds nothing of the relationship in memory — evicted, or another process —
/// so it restores it from its stream, finds the stream no longer starts at revision 0, and must hold what a read model made
/// now holds: the relationship refused, named across relationships, and no row a rebuild would not have.
/// (MissingFromTheLogTests: the other paths; a fresh runner after the cut.)
/// </summary>
public sealed class RestoredFromACutStreamTests
{
    private static readonly string Stream = RelationshipKey.Of("RU", "taliban").StreamName;

    /// <summary>
    /// Another client appends to <paramref name="stream"/> a copy of RU~taliban's recognition (of <paramref name="organisation"/>),
    /// under a new id and dated 2010-05-01 (the ledger refuses commands on a stream in that state).
    /// </summary>
    private static async Task AppendACopyAsync(TestLedger ledger, string? stream = null, string organisation = "taliban")
    {
        var recognition = (await ledger.Store.ReadStreamAsync(Stream, ReadDirection.Forwards, null, long.MaxValue).ToListAsync()).First(e => e.Type == "RecognitionGranted");
        var metadata = JsonNode.Parse(recognition.Metadata.Span)!.AsObject();
        metadata["effectiveDate"] = "2010-05-01";
        var data = Encoding.UTF8.GetString(recognition.Data.Span).Replace("\"taliban\"", $"\"{organisation}\"", StringComparison.Ordinal);
        var (id, bytes) = (Guid.NewGuid(), Encoding.UTF8.GetBytes(data));
        await ledger.Store.AppendAsync(stream ?? Stream, ExpectedRevision.Any,
            [new EventData(id, recognition.Type, bytes, Resealed.Metadata(stream ?? Stream, id, recognition.Type, bytes, metadata))]);
    }

    /// <summary>What another client appends that is not the ledger's: JSON data of a ledger type, no envelope.</summary>
    private static Task AppendForeignAsync(TestLedger ledger, string? stream = null) =>
        ledger.Store.AppendAsync(stream ?? Stream, ExpectedRevision.Any,
            [new EventData(Guid.NewGuid(), "RelationsSevered", Encoding.UTF8.GetBytes("""{"partyA":"x","partyB":"y"}"""), ReadOnlyMemory<byte>.Empty)]);

    /// <summary>Deletes the stream's events up to <paramref name="revision"/> from the store's file: the log no longer holds them.</summary>
    private static async Task CutAsync(TestLedger ledger, ulong revision) => await CutAsync(ledger, Stream, revision);

    private static async Task CutAsync(TestLedger ledger, string stream, ulong revision)
    {
        foreach (var e in await ledger.Store.ReadStreamAsync(stream, ReadDirection.Forwards, null, long.MaxValue).ToListAsync())
            if (e.Revision <= revision) await ledger.SqlAsync("DELETE FROM events WHERE id_of(event_id) = $id", ("$id", e.EventId.ToString()));
    }

    private static async Task<ulong> LastRevisionAsync(TestLedger ledger) =>
        (await ledger.Store.ReadStreamAsync(Stream, ReadDirection.Backwards, null, 1).SingleAsync()).Revision;

    /// <summary>Refused naming the removal only (as verify and a rebuild name it), left out and named across relationships, counted by status.</summary>
    private static async Task AssertRefusedAsRemovedAsync(TestLedger ledger, ulong firstLeft)
    {
        var refused = await Assert.ThrowsAsync<LedgerTamperedException>(() => ledger.Send(new GetRelationshipState("RU", "taliban", "2024-01-01")));
        var finding = Assert.Single(refused.Findings);
        Assert.Equal((TamperKind.Removed, Stream), (finding.Kind, finding.Stream));
        Assert.Contains($"revisions 0–{firstLeft - 1} are not in the global log, whose first event of the stream is revision {firstLeft}", finding.Detail, StringComparison.Ordinal);

        var byRu = await ledger.Send(new GetDesignationsBy("RU", "2024-01-01"));
        Assert.Empty(byRu.Items);
        var named = Assert.Single(byRu.ReadModel!.PassedOver!.Events);
        Assert.Equal((TamperKind.Removed, Stream), (named.Kind, named.Stream));
        var status = await ledger.Runner.StatusAsync();
        Assert.Equal((0L, 1L), (status.PassedOver, status.NotWhole));
    }

    [Fact]
    public async Task An_event_passed_over_before_the_cut_is_named_no_more_once_the_log_no_longer_holds_it()
    {
        // RU~taliban holds an event that is not the ledger's (passed over: a row of kind altered), then one of the ledger's
        // shape, both appended by another client; the read model is made. Then the stream loses every event up to the foreign
        // one, and another copy is appended. A rebuild of that log names the removal only: the foreign event is gone with the rest.
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), new ProjectionOptions());
        await ledger.RecordFoundingExampleAsync();
        await AppendForeignAsync(ledger);
        var foreign = await LastRevisionAsync(ledger);
        await AppendACopyAsync(ledger);
        await ledger.Runner.CatchUpAsync();
        var before = await ledger.Runner.StatusAsync();
        Assert.Equal((1L, 0L), (before.PassedOver, before.NotWhole));

        await CutAsync(ledger, foreign);
        await AppendACopyAsync(ledger);
        using (var restarted = ledger.NewRunner()) Assert.Equal(1, await restarted.CatchUpAsync());

        await AssertRefusedAsRemovedAsync(ledger, foreign + 1);
        await RebuildEqualsIncrementalProperty.AssertRowsOfARebuildAsync(ledger);
    }

    [Fact]
    public async Task A_relationship_met_only_through_events_passed_over_is_not_whole_once_they_are_gone()
    {
        // Another client writes RU~zz: two events that are not the ledger's (passed over; no row of the relationship), and the
        // read model is made. The first is then removed from the log, and a copy of an event of the ledger's shape appended.
        // Before, the read model took the stream as met from its start and folded the copy onto nothing: 'changed' answered
        // RU~zz's recognition from what is left, naming only the events passed over, while a rebuild left it out as removed.
        var zz = RelationshipKey.Of("RU", "zz").StreamName;
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), new ProjectionOptions());
        await ledger.RecordFoundingExampleAsync();
        await AppendForeignAsync(ledger, zz);
        await AppendForeignAsync(ledger, zz);
        await ledger.Runner.CatchUpAsync();

        await CutAsync(ledger, zz, 0);
        await AppendACopyAsync(ledger, zz, "zz");
        using (var restarted = ledger.NewRunner()) Assert.Equal(1, await restarted.CatchUpAsync());

        var changed = await ledger.Send(new GetChangedRelationships("1800-01-01", "2100-01-01"));
        Assert.DoesNotContain(changed.Relationships, c => c.Relationship == "RU~zz");
        Assert.Contains(changed.ReadModel!.PassedOver!.Events, e => (e.Kind, e.Stream) == (TamperKind.Removed, zz));
        Assert.DoesNotContain(changed.ReadModel!.PassedOver!.Events, e => e.Stream == zz && e.Revision == 0 && e.Kind == TamperKind.Altered);
        await Assert.ThrowsAsync<LedgerTamperedException>(() => ledger.Send(new GetRelationshipState("RU", "zz", "2024-01-01")));
        var status = await ledger.Runner.StatusAsync();
        Assert.Equal((1L, 1L), (status.PassedOver, status.NotWhole));
        await RebuildEqualsIncrementalProperty.AssertRowsOfARebuildAsync(ledger);
    }

    [Theory]
    [InlineData(3_000)] // ~3 of these facts (HeldSize.InReadModel)
    [InlineData(ProjectionOptions.DefaultCachedBytes)]
    public async Task The_live_runner_refuses_it_at_the_next_event_whether_it_evicted_it_or_still_holds_it(long maxCachedBytes)
    {
        // One live runner. Holding at most ~3 facts in memory (3,000 bytes), it evicts RU~taliban (with the founding example's correction
        // and retraction) once US~AF's events follow it, so the event appended after the cut brings it back from its stream,
        // in the same process. Holding the default's 416 MB, it keeps RU~taliban in memory throughout, as a `ledger serve` that applied
        // its events itself does: the copy appended after the cut continues the stream's revisions but not its chain (it
        // chains onto the recognition's predecessor, not onto the last event the runner applied). Before, that runner folded
        // the copy onto the whole record it held and went on answering, saying nothing, while a rebuild refused it as removed.
        var options = new ProjectionOptions { CatchUpBeforeQuery = false, BulkLoadFrom = null };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        await ledger.RecordFoundingExampleAsync();
        using var live = new ProjectionRunner(new ReadModelDatabase(ledger.ReadModelPath), ledger.Store, new RelationshipsProjection(maxCachedBytes), options);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var running = live.RunLiveAsync(stop.Token);
        await UntilAtTheHeadAsync(ledger, live, running, stop.Token);
        await ledger.Send(new GetRelationshipState("RU", "taliban", "2024-01-01")); // answered: whole so far

        await CutAsync(ledger, 1);
        await AppendACopyAsync(ledger);
        await UntilAtTheHeadAsync(ledger, live, running, stop.Token);
        await stop.CancelAsync();
        await running;
        Assert.Null(live.ReadCheckpoint().Failure);

        await AssertRefusedAsRemovedAsync(ledger, 2);
        await RebuildEqualsIncrementalProperty.AssertRowsOfARebuildAsync(ledger);
    }

    private static async Task UntilAtTheHeadAsync(TestLedger ledger, ProjectionRunner live, Task running, CancellationToken ct)
    {
        var head = (await ledger.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships, ct).ToListAsync(ct))[^1].Position;
        while (live.ReadCheckpoint().Position != head)
        {
            Assert.False(running.IsCompleted, running.Exception?.ToString());
            await Task.Delay(20, ct);
        }
    }
}
