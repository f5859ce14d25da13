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
    public async Task Few_large_facts_past_the_byte_bound_let_the_least_recently_used_relationship_go_and_answers_stay_the_fold()
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
            Assert.Equal(4 * each, projection.CachedBytes); // the second relationship's four: the first went when the bound was passed

            await StateAsync(ledger, First, "back from its stream and its rows");
            Assert.Equal(1, await runner.CatchUpAsync());
            var firstNew = HeldSize.InReadModel((await ledger.EventsAsync(First.StreamName))[^1]);
            Assert.Equal(firstNew + 4 * each, projection.CachedBytes);

            // The first came back with its four facts counted (so the second went): the second's next event restores it in turn
            // and the first goes. Had a restored relationship's facts not been counted, nothing would have gone and the first's
            // new fact would still be counted beside the second's.
            await StateAsync(ledger, Second, "back in its turn");
            Assert.Equal(1, await runner.CatchUpAsync());
            var secondNew = HeldSize.InReadModel((await ledger.EventsAsync(Second.StreamName))[^1]);
            Assert.Equal(secondNew + 4 * each, projection.CachedBytes);
        }

        var incremental = RebuildEqualsIncrementalProperty.Rows(ledger.ReadModelPath);
        var rebuiltPath = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "rebuilt.projections.db");
        using (var rebuilder = new ProjectionRunner(new ReadModelDatabase(rebuiltPath), ledger.Store, new RelationshipsProjection(), options))
            Assert.Equal(10, await rebuilder.RebuildAsync());
        var rebuilt = RebuildEqualsIncrementalProperty.Rows(rebuiltPath);
        Assert.Equal(rebuilt.Items, incremental.Items);
        Assert.Equal(rebuilt.Facts, incremental.Facts);
    }

    private static async Task StateAsync(TestLedger ledger, RelationshipKey key, string summary) =>
        await ledger.Send(TestLedger.Sourced(new MakeStatement(key.First.Value, key.Second.Value, "Spokesperson", "neutral", summary), "2024-07"));
}
