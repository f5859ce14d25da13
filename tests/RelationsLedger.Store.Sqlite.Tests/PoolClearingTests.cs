using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// Reads of the store while another thread clears every SQLite pool (a read model thrown away, a test's cleanup):
/// Microsoft.Data.Sqlite can hand out a pooled handle that the clearing disposes a moment later. A read must not fail
/// with "Cannot access a disposed object" for it (seen once in CI, in a catch-up's read of its checkpoint's event).
/// </summary>
[Collection(nameof(PoolClearing))]
public sealed class PoolClearingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Reads_go_on_while_every_pool_is_cleared_again_and_again()
    {
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("ledger.db"));
        await store.AppendAsync("relationship-DE~FR", ExpectedRevision.NoStream, [StoreFiles.Event()]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        var clearing = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested) SqliteConnection.ClearAllPools();
        });
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            long reads = 0;
            while (!stop.IsCancellationRequested)
            {
                await foreach (var _ in store.ReadStreamAsync("relationship-DE~FR", ReadDirection.Forwards, 0, 1)) reads++;
            }
            return reads;
        })).ToList();
        var total = (await Task.WhenAll(readers)).Sum();
        await clearing;
        Assert.True(total > 100, $"only {total} reads");
    }

    public void Dispose() => _folder.Dispose();
}

/// <summary>Clearing every pool in a loop would disturb the assembly's other tests: this one runs alone.</summary>
[CollectionDefinition(nameof(PoolClearing), DisableParallelization = true)]
public sealed class PoolClearing;
