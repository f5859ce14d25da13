using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.State;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// The read model on disk after a long relationship's early mends and back-fills (<see cref="EarlyMendsRecutTests"/>'s events,
/// appended through the repository without decisions and projected live in batches of random sizes, caught up at random
/// moments) holds, row by row, what a rebuild of the log from scratch writes, and answers every question as of a day and as
/// known at a time as the fold of the log does: the refold that stops where the state meets the old one (round 53 of issue
/// #16) leaves nothing a full re-cut would write otherwise.
/// </summary>
public sealed class EarlyMendsReadModelProperty
{
    private static readonly Provenance Provenance = new("property-test", [new Source("Test", "Early mends", null, null, null)], Guid.NewGuid(), Guid.NewGuid());

    public static TheoryData<int> Seeds() => [.. PropertySeeds.Or(1, 6)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task The_live_read_model_after_early_mends_holds_a_rebuilds_rows_and_answers_as_the_fold(int seed)
    {
        var rng = new Random(seed);
        var options = new ProjectionOptions { BatchSize = 1 + rng.Next(9), BulkCommitEvery = 1 + rng.Next(50), BulkLoadFrom = null };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        var key = RelationshipKey.Of("AA", "BB");
        var recorded = new List<Fact>(); // what the generator reads: the ids, events and dates appended
        for (var n = 0; n < 240; n++)
        {
            var (date, e) = n < 120 ? (EarlyMendsRecutTests.AtTheEnd(rng, n), RandomEvents.Next(rng, "AA", "BB")) : EarlyMendsRecutTests.EarlyOrLast(rng, recorded, n);
            var id = Guid.NewGuid();
            await ledger.Repository.AppendAsync(await ledger.Repository.LoadAsync(key), id, e, date, Provenance);
            recorded.Add(new Fact(id, date, ledger.Clock.Now, n, e));
            ledger.Clock.Advance(TimeSpan.FromSeconds(rng.Next(1, 3)));
            if (rng.Next(6) == 0) await ledger.Runner.CatchUpAsync();
        }
        await ledger.Runner.CatchUpAsync();

        var live = RebuildEqualsIncrementalProperty.Rows(ledger.ReadModelPath);
        var rebuiltPath = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "rebuilt.projections.db");
        using (var rebuilder = new ProjectionRunner(new ReadModelDatabase(rebuiltPath), ledger.Store, new RelationshipsProjection(), options))
            Assert.Equal(recorded.Count, await rebuilder.RebuildAsync());
        var rebuilt = RebuildEqualsIncrementalProperty.Rows(rebuiltPath);
        Assert.Equal(rebuilt.Items.Count, live.Items.Count);
        Assert.Equal(rebuilt.Items, live.Items);
        Assert.Equal(rebuilt.Facts, live.Facts);
        Assert.Equal(rebuilt.Relationships, live.Relationships);

        // As of days across the whole span (the early quarter most), as known before and after every event.
        var oracle = Oracle.Of(ledger);
        var moments = new List<DateTimeOffset?> { null };
        await foreach (var e in ledger.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships))
            moments.AddRange([e.RecordedAt, e.RecordedAt.AddTicks(-1)]);
        var days = recorded.SelectMany(f => new[] { f.EffectiveDate.Start, f.EffectiveDate.Start.AddDays(-1), f.EffectiveDate.End }).Distinct().ToList();
        for (var i = 0; i < 60; i++)
            await oracle.AssertSameStateAsync(key, days[rng.Next(days.Count)], moments[rng.Next(moments.Count)]);
    }
}
