using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// The property of issue #3: for random histories and random days and moments, every read-model answer equals a
/// straight fold of the streams — the state of a relationship, designations by and of a party, missions of at least a
/// level, relationships changed between two days (each as known at a moment, or now), and a party's relationships. The
/// runner is run at random points with random batch sizes, and restarted (empty memory), so incremental updates,
/// batching and the restore-from-file path are all exercised. Histories are raw appends (contradictory records
/// included) or what a user records through the commands and batches (<see cref="RandomHistory"/>). A failure names
/// its seed and the smallest history of commands found that fails the same question.
/// </summary>
public sealed class ReadModelEqualsFoldProperty
{
    public static TheoryData<string, int> Seeds()
    {
        var data = new TheoryData<string, int>();
        foreach (var seed in PropertySeeds.Or(1, 24)) data.Add("raw", seed);
        foreach (var seed in PropertySeeds.Or(1, 40)) data.Add("commands", seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Read_model_answers_equal_the_straight_fold(string mode, int seed)
    {
        var rng = new Random(seed);
        var options = new ProjectionOptions { BatchSize = 1 + rng.Next(6) };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        var history = mode == "raw" ? RandomHistory.Raw(rng, ledger) : RandomHistory.Commands(rng, ledger);
        var runner = ledger.Runner;
        var steps = mode == "raw" ? 15 + rng.Next(45) : 20 + rng.Next(60);
        for (var i = 0; i < steps; i++)
        {
            await history.AppendOneAsync();
            var roll = rng.NextDouble();
            if (roll < 0.2) await runner.CatchUpAsync();
            else if (roll < 0.3) await ledger.NewRunner(options).CatchUpAsync(); // another process: the first must notice
        }
        if (history.Events == 0) return;

        var keys = history.Relationships.ToList();
        var moments = new List<DateTimeOffset?> { null };
        await foreach (var e in ledger.Store.ReadAllAsync(null, long.MaxValue, Application.Storage.StreamFilter.Relationships))
            moments.AddRange([e.RecordedAt, e.RecordedAt.AddTicks(-1)]);
        var days = history.InterestingDays;

        var checks = new List<Func<TestLedger, Task>>();
        for (var i = 0; i < 40; i++)
        {
            var day = days[rng.Next(days.Count)];
            var knownAt = i % 3 == 0 ? null : moments[rng.Next(moments.Count)]; // "now" has a query of its own (the index of current rows)
            var key = keys[rng.Next(keys.Count)];
            checks.Add(l => Oracle.Of(l).AssertSameStateAsync(key, day, knownAt));
            if (i % 4 == 0)
            {
                var party = history.Parties[rng.Next(history.Parties.Length)];
                var (level, span) = ((MissionLevel)rng.Next(8), 1 + rng.Next(900));
                checks.Add(l => Oracle.Of(l).AssertSameAcrossAsync(keys, party, level, day, knownAt, span));
            }
        }
        foreach (var party in history.Parties) checks.Add(l => Oracle.Of(l).AssertSamePartyRelationshipsAsync(party));
        for (var i = 0; i < 3; i++)
        {
            var panel = Oracle.RandomPanel(rng, history.Parties, i == 0 ? null : moments[rng.Next(moments.Count)]);
            checks.Add(l => Oracle.Of(l).AssertSamePanelAsync(panel));
        }

        foreach (var check in checks)
        {
            try
            {
                await check(ledger);
            }
            catch (Xunit.Sdk.XunitException failure)
            {
                throw await HistoryShrinker.ExplainAsync(nameof(ReadModelEqualsFoldProperty), seed, history, failure, check);
            }
        }
        }
}
