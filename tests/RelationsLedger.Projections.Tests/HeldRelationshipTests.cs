using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A relationship the projection holds in memory takes its next event as it is, when that event chains onto the last one it
/// applied; only an event that does not (the log changed under it) makes it read the stream again (RestoredFromACutStreamTests).
/// The answers would be the same either way, so what this holds is the cost: one read of the whole stream per event.
/// </summary>
public sealed class HeldRelationshipTests
{
    [Fact]
    public async Task An_event_that_chains_onto_the_one_applied_before_is_applied_without_reading_the_stream_again()
    {
        var options = new ProjectionOptions { CatchUpBeforeQuery = false, BulkLoadFrom = null };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        await ledger.RecordFoundingExampleAsync();
        var store = new StreamReadsCounted(ledger.Store);
        using var runner = new ProjectionRunner(new ReadModelDatabase(ledger.ReadModelPath), store, new RelationshipsProjection(), options);
        await runner.CatchUpAsync();

        for (var month = 1; month <= 3; month++)
        {
            await ledger.Send(TestLedger.Provenanced(new HoldEngagement("RU", "taliban", "forum", $"Talks {month}", "Kazan") with { EffectiveDate = $"2025-0{month}" }));
            Assert.Equal(1, await runner.CatchUpAsync());
        }

        Assert.Equal([], store.WholeStreamReads);
    }

    /// <summary>The store, counting the reads of a whole stream from its start (how the projection restores a relationship).</summary>
    private sealed class StreamReadsCounted(IEventStore inner) : DelegatingStore(inner)
    {
        public List<string> WholeStreamReads { get; } = [];

        public override IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string stream, ReadDirection direction, ulong? from, long maxCount, CancellationToken ct = default)
        {
            if (direction == ReadDirection.Forwards && from is null) WholeStreamReads.Add(stream);
            return base.ReadStreamAsync(stream, direction, from, maxCount, ct);
        }
    }
}
