using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Queries.AsOf;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// Questions answered while another thread clears every SQLite pool (a test's cleanup does; the read model's discard of
/// an unreadable file clears its own): a handle Microsoft.Data.Sqlite hands out and the clearing disposes a moment later
/// must not fail the question with "Cannot access a disposed object" (seen once in CI, under a catch-up).
/// </summary>
[Collection(nameof(SqlitePools))]
public sealed class PoolClearingQueryTests
{
    [Fact]
    public async Task Questions_are_answered_while_every_pool_is_cleared_again_and_again()
    {
        await using var ledger = await TestLedger.OpenAsync();
        await ledger.RecordFoundingExampleAsync();
        var expected = ContractJson.Of(await ledger.Send(new GetRelationshipState("RU", "taliban", "2024-01-01")) with { ReadModel = null });
        // A fixed number of questions (no clock: a loaded machine answers fewer per second), the pools cleared until they are done.
        using var done = new CancellationTokenSource();
        var clearing = Task.Run(() =>
        {
            while (!done.IsCancellationRequested) SqliteConnection.ClearAllPools();
        });
        var askers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 150; i++)
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
