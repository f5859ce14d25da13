using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// The relationships the live read model holds in memory are bounded by an estimate of the bytes their facts hold
/// (<see cref="HeldSize.InReadModel"/>), not by their number: until round 46 the bound was 400,000 facts, and a recorder of the
/// largest statements a request may carry (~130 KB held each) could make a server hold ~50 GB.
/// </summary>
public sealed class ReadModelMemoryBoundTests
{
    private static readonly RelationshipKey First = RelationshipKey.Of("RU", "AF");
    private static readonly RelationshipKey Second = RelationshipKey.Of("RU", "AL");

    [Fact]
    public async Task Few_large_facts_past_the_byte_bound_let_a_relationship_go_and_answers_stay_the_fold()
    {
        var options = new ProjectionOptions { CatchUpBeforeQuery = false, BulkLoadFrom = null };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        for (var i = 0; i < 4; i++) await StateAsync(ledger, First, new string('a', 1900) + i);
        for (var i = 0; i < 4; i++) await StateAsync(ledger, Second, new string('b', 1900) + i);
        var each = HeldSize.InReadModel((await ledger.EventsAsync(First.StreamName))[0]);
        Assert.InRange(each, 4_000, 6_000); // ~2 KB of data decoded at two bytes a character, and the objects

        // Room for 6 such facts: 8 facts, far fewer than any count of facts the bound would have been.
        var projection = new RelationshipsProjection(6 * each);
        using (var runner = new ProjectionRunner(new ReadModelDatabase(ledger.ReadModelPath), ledger.Store, projection, options with { BatchSize = 4 }))
        {
            Assert.Equal(8, await runner.CatchUpAsync());
            // One relationship's four: the second, begun past the bound and met no more often than the first, was let go.
            Assert.Equal(4 * each, projection.CachedBytes);

            await StateAsync(ledger, First, "held");
            Assert.Equal(1, await runner.CatchUpAsync());
            var firstNew = HeldSize.InReadModel((await ledger.EventsAsync(First.StreamName))[^1]);
            Assert.Equal(firstNew + 4 * each, projection.CachedBytes);
            Assert.Equal(0, projection.Restored);

            // The second comes back from its stream and its rows with its four facts counted, past the bound, and is let go again:
            // the first is met as often. Had its facts not been counted, nothing would have gone.
            await StateAsync(ledger, Second, "back from its stream and its rows");
            Assert.Equal(1, await runner.CatchUpAsync());
            Assert.Equal(1, projection.Restored);
            Assert.Equal(firstNew + 4 * each, projection.CachedBytes);
        }

        await SameAsRebuiltAsync(ledger, options, 10);
    }

    /// <summary>
    /// Relationships that have events in turn, more than the bound holds between them: those held stay held, and only the
    /// others are restored at each of their events. Before round 48 the least recently used went, each just before its next
    /// event: every event restored its relationship (here 6 restorations in two rounds instead of 2).
    /// </summary>
    [Fact]
    public async Task Relationships_with_events_in_turn_past_the_bound_keep_those_held_and_restore_only_the_rest()
    {
        var options = new ProjectionOptions { CatchUpBeforeQuery = false, BulkLoadFrom = null };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        RelationshipKey[] keys = [First, Second, RelationshipKey.Of("RU", "AM")];
        var small = HeldSize.InReadModel(await SmallAsync(ledger, RelationshipKey.Of("RU", "AO"), "round 0")); // met once, first
        foreach (var key in keys) await StateAsync(ledger, key, new string('c', 2000));
        var large = HeldSize.InReadModel((await ledger.EventsAsync(First.StreamName))[0]);
        // Room for two large facts and the four small ones they get in two rounds, not for three large ones.
        var bound = 2 * large + 4 * small + small / 2;
        Assert.InRange(bound, 2 * large, 3 * large - 1);

        var projection = new RelationshipsProjection(bound);
        using (var runner = new ProjectionRunner(new ReadModelDatabase(ledger.ReadModelPath), ledger.Store, projection, options))
        {
            // Four relationships begun in one batch past the bound: the first two let go, met no more often than the others.
            Assert.Equal(4, await runner.CatchUpAsync());
            Assert.Equal(2 * large, projection.CachedBytes);
            Assert.Equal(0, projection.Restored);
            for (var round = 0; round < 2; round++)
                foreach (var key in keys)
                {
                    await SmallAsync(ledger, key, $"round {round}");
                    Assert.Equal(1, await runner.CatchUpAsync());
                    Assert.InRange(projection.CachedBytes, 0, bound);
                }
            Assert.Equal(2, projection.Restored); // the first, once a round; the two held stay held
        }

        await SameAsRebuiltAsync(ledger, options, 10);
    }

    /// <summary>
    /// A rebuild in log order (KurrentDB) past the bound: a relationship let go has its later events applied after the log's end,
    /// restored once from its stream. Until round 55 it was restored at its next event after each letting go — once a chunk of
    /// the log for every relationship that has events throughout (here 3 relationships, 4 chunks: 6 restorations; at 1M
    /// events a stream's prefix read again for nearly every event).
    /// </summary>
    [Fact]
    public async Task A_rebuild_in_log_order_past_the_bound_restores_each_relationship_let_go_once()
    {
        var options = new ProjectionOptions { CatchUpBeforeQuery = false, BulkLoadFrom = null, BulkCommitEvery = 500 };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        RelationshipKey[] keys = [First, Second, RelationshipKey.Of("RU", "AM")];
        const int rounds = 1200; // 3,600 events: the log order's chunks are of 1,024
        for (var round = 0; round < rounds; round++)
            foreach (var key in keys) await StateAsync(ledger, key, $"round {round}");
        var each = HeldSize.InReadModel((await ledger.EventsAsync(First.StreamName))[^1]);

        var inOrderPath = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "inorder.projections.db");
        var projection = new RelationshipsProjection(rounds * each / 2); // room for about half of one relationship
        using (var inOrder = new ProjectionRunner(new ReadModelDatabase(inOrderPath),
                   new RebuildEqualsIncrementalProperty.PositionsNotCounted(ledger.Store), projection, options))
            Assert.Equal(3 * rounds, await inOrder.RebuildAsync());
        Assert.Equal(2, projection.Restored); // the two let go after the first chunk, each once

        var rebuiltPath = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "rebuilt.projections.db");
        using (var rebuilder = new ProjectionRunner(new ReadModelDatabase(rebuiltPath), ledger.Store, new RelationshipsProjection(), options))
            Assert.Equal(3 * rounds, await rebuilder.RebuildAsync());
        var inOrderRows = RebuildEqualsIncrementalProperty.Rows(inOrderPath);
        var rebuiltRows = RebuildEqualsIncrementalProperty.Rows(rebuiltPath);
        Assert.Equal(rebuiltRows.Items, inOrderRows.Items);
        Assert.Equal(rebuiltRows.Facts, inOrderRows.Facts);
        Assert.Equal(rebuiltRows.Relationships, inOrderRows.Relationships);
    }

    private static async Task SameAsRebuiltAsync(TestLedger ledger, ProjectionOptions options, int events)
    {
        var incremental = RebuildEqualsIncrementalProperty.Rows(ledger.ReadModelPath);
        var rebuiltPath = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "rebuilt.projections.db");
        using (var rebuilder = new ProjectionRunner(new ReadModelDatabase(rebuiltPath), ledger.Store, new RelationshipsProjection(), options))
            Assert.Equal(events, await rebuilder.RebuildAsync());
        var rebuilt = RebuildEqualsIncrementalProperty.Rows(rebuiltPath);
        Assert.Equal(rebuilt.Items, incremental.Items);
        Assert.Equal(rebuilt.Facts, incremental.Facts);
    }

    private static async Task<LedgerEvent> SmallAsync(TestLedger ledger, RelationshipKey key, string summary)
    {
        await StateAsync(ledger, key, summary);
        return (await ledger.EventsAsync(key.StreamName))[^1];
    }

    private static async Task StateAsync(TestLedger ledger, RelationshipKey key, string summary) =>
        await ledger.Send(TestLedger.Sourced(new MakeStatement(key.First.Value, key.Second.Value, "Spokesperson", "neutral", summary), "2024-07"));
}
