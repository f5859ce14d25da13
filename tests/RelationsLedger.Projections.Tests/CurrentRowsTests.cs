using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Projections.Queries;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A relationship's current rows held in memory (<see cref="CurrentRows"/>) give the answer the file's SQL gives and the
/// fold gives, and stop answering the moment the read model no longer holds
/// what they were read from: after new events, corrections and retractions of the relationship, catch-ups by another runner
/// (another process), rebuilds in place or into a new file, and a read model made again from another history of the log
/// whose counters for the relationship are the same as before (compared with the fold there).
/// </summary>
public sealed class CurrentRowsTests
{
    public static TheoryData<string, int> Seeds()
    {
        var data = new TheoryData<string, int>();
        foreach (var seed in PropertySeeds.Or(1, 12)) data.Add("raw", seed);
        foreach (var seed in PropertySeeds.Or(1, 20)) data.Add("commands", seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Held_rows_answer_as_the_file_and_the_fold_after_new_events_mends_other_runners_and_rebuilds(string mode, int seed)
    {
        var rng = new Random(seed);
        var options = new ProjectionOptions { BatchSize = 1 + rng.Next(6) };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        var history = mode == "raw" ? RandomHistory.Raw(rng, ledger) : RandomHistory.Commands(rng, ledger);
        var steps = 25 + rng.Next(35);
        for (var i = 0; i < steps; i++)
        {
            await history.AppendOneAsync();
            var roll = rng.NextDouble();
            if (roll < 0.1) await ledger.NewRunner(options).CatchUpAsync(); // another process: its events are in the file, not in this one's memory
            else if (roll < 0.17) await ledger.Runner.RebuildAsync(); // a new file
            else if (roll < 0.22) await ledger.NewRunner(options).RebuildAsync(); // a new file, made by another process
            if (history.Events == 0) continue;
            // A relationship asked about twice or more at one stamp is held; the next step may change it.
            var keys = history.Relationships.ToList();
            var key = keys[rng.Next(keys.Count)];
            for (var ask = 0; ask < 3; ask++)
            {
                var day = history.InterestingDays[rng.Next(history.InterestingDays.Count)];
                await AssertSameAsUncachedAsync(ledger, key, day);
                await Oracle.Of(ledger).AssertSameStateAsync(key, day, null);
            }
        }
        if (history.Events > 0) Assert.True(HeldRows(ledger).Hits > 0, "no answer came from held rows");
    }

    /// <summary>
    /// The store put back from an older copy and written to since, so that the relationship's last event is another one at
    /// the same position, with the same count and the same recorded-at: only the read model's generation tells its rows apart.
    /// </summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Held_rows_are_not_used_once_the_read_model_is_made_again_from_another_history_with_the_same_counters(bool bulk, bool byAnotherRunner)
    {
        var options = new ProjectionOptions { BulkLoadFrom = bulk ? 1 : null };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options); // every event recorded at the same moment
        await ledger.Send(Talks("first"));
        await ledger.Send(Talks("second"));
        var copy = ledger.StorePath + ".older";
        await LedgerFiles.CopyAsync(ledger.StorePath, copy);
        await ledger.Send(Talks("third, as first recorded"));
        for (var ask = 0; ask < 3; ask++) await Oracle.Of(ledger).AssertSameStateAsync(FranceGermany, new DateOnly(2021, 1, 1), null);
        var hits = HeldRows(ledger).Hits;
        Assert.True(hits > 0);

        LedgerFiles.PutInPlace(copy, ledger.StorePath);
        await using (var elsewhere = await TestLedger.OpenAsync(ledger.StorePath, ManualClock.Fixed())) // another process, the same moment
            await elsewhere.Send(Talks("third, in the other history"));
        if (byAnotherRunner) await ledger.NewRunner(options).CatchUpAsync();

        await Oracle.Of(ledger).AssertSameStateAsync(FranceGermany, new DateOnly(2021, 1, 1), null);
        var view = await ledger.Send(new GetRelationshipState("FR", "DE", "2021-01-01"));
        Assert.Contains("third, in the other history", ContractJson.Of(view), StringComparison.Ordinal);
        Assert.DoesNotContain("as first recorded", ContractJson.Of(view), StringComparison.Ordinal);
    }

    /// <summary>The answer through the handler (from held rows, once held) is the one the file's SQL gives, asked right after it.</summary>
    private static async Task AssertSameAsUncachedAsync(TestLedger ledger, RelationshipKey key, DateOnly day)
    {
        var text = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var answer = await ledger.Send(new GetRelationshipState(key.First.Value, key.Second.Value, text));
        using var connection = new ReadModelDatabase(ledger.ReadModelPath).Open();
        var uncached = RelationshipStateView.Of(ReadModelQueries.StateAsOf(connection, key, day, null), day, null);
        Assert.True(ContractJson.Of(uncached) == ContractJson.Of(answer with { ReadModel = null }),
            $"{key} as of {text}:\nSQL:  {ContractJson.Of(uncached)}\nheld: {ContractJson.Of(answer with { ReadModel = null })}");
    }

    private static readonly RelationshipKey FranceGermany = RelationshipKey.Of("FR", "DE");

    private static HoldEngagement Talks(string summary) => TestLedger.Sourced(new HoldEngagement("FR", "DE", "talks", summary), "2020-05");

    private static CurrentRows HeldRows(TestLedger ledger) => ledger.Services.GetRequiredService<ReadModel>().Current;
}
