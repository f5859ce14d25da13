using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// Questions answered while another thread clears the store's and the read model's SQLite pools (the read model's discard
/// of an unreadable file clears its own; a test's cleanup clears every pool): a handle Microsoft.Data.Sqlite hands out and
/// the clearing disposes a moment later must not fail the question with "Cannot access a disposed object" (seen once in
/// CI, under a catch-up). Only this ledger's two pools: clearing every pool of a test process that has made thousands took
/// 26–58 s at the end of the project's run (2 s alone), and without the opens' second try it failed in 0 of 4 runs;
/// 500 questions from each asker against these two pools fail in 4 of 5 runs without it, in 2–8 s.
/// </summary>
[Collection(nameof(SqlitePools))]
public sealed class PoolClearingQueryTests
{
    [Fact]
    public async Task Questions_are_answered_while_their_pools_are_cleared_again_and_again()
    {
        await using var ledger = await TestLedger.OpenAsync();
        await ledger.RecordFoundingExampleAsync();
        var expected = ContractJson.Of(await ledger.Send(new GetRelationshipState("RU", "taliban", "2024-01-01")) with { ReadModel = null });
        // A fixed number of questions (no clock: a loaded machine answers fewer per second), the pools cleared until they are done.
        using var done = new CancellationTokenSource();
        var store = (SqliteEventStore)ledger.Store;
        var readModel = new ReadModelDatabase(ledger.ReadModelPath);
        var clearing = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                store.ClearPool();
                readModel.ClearPool();
            }
        });
        var askers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                var answer = await ledger.Send(new GetRelationshipState("RU", "taliban", "2024-01-01"));
                Assert.Equal(expected, ContractJson.Of(answer with { ReadModel = null }));
            }
        })).ToList();
        try
        {
            await Task.WhenAll(askers);
        }
        finally
        {
            await done.CancelAsync();
            await clearing;
        }
    }
}
