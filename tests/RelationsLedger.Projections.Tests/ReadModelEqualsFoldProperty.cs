using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// The property of issue #3: for random histories (with corrections and retractions) and random
/// days and moments, every read-model answer equals a straight fold of the streams. The runner
/// is run at random points with random batch sizes, and restarted (empty memory), so incremental
/// updates, batching and the restore-from-file path are all exercised.
/// </summary>
public sealed class ReadModelEqualsFoldProperty
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 24)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Read_model_answers_equal_the_straight_fold(int seed)
    {
        var rng = new Random(seed);
        var options = new ProjectionOptions { BatchSize = 1 + rng.Next(6) };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        var history = new RandomHistory(rng, ledger);
        var runner = ledger.Runner;
        var steps = 15 + rng.Next(45);
        for (var i = 0; i < steps; i++)
        {
            await history.AppendOneAsync();
            var roll = rng.NextDouble();
            if (roll < 0.2) await runner.CatchUpAsync();
            else if (roll < 0.3) await ledger.NewRunner(options).CatchUpAsync(); // another process: the first must notice
        }

        var oracle = new Oracle(ledger.Mediator, ledger.Repository);
        var keys = history.Relationships.ToList();
        var moments = new List<DateTimeOffset?> { null };
        await foreach (var e in ledger.Store.ReadAllAsync(null, long.MaxValue, Application.Storage.StreamFilter.Relationships))
            moments.AddRange([e.RecordedAt, e.RecordedAt.AddTicks(-1)]);
        var days = history.InterestingDays;

        for (var i = 0; i < 40; i++)
        {
            var day = days[rng.Next(days.Count)];
            var knownAt = i % 3 == 0 ? null : moments[rng.Next(moments.Count)]; // "now" has a query of its own (the index of current rows)
            await oracle.AssertSameStateAsync(keys[rng.Next(keys.Count)], day, knownAt);
            if (i % 4 == 0)
                await oracle.AssertSameAcrossAsync(keys, RandomHistory.Parties[rng.Next(RandomHistory.Parties.Length)],
                    (MissionLevel)rng.Next(8), day, knownAt);
        }
    }
}
