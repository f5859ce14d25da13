using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// An import's appends run with a larger page cache on the writer connection (<see cref="IAppendsInBulk"/>,
/// docs/performance.md round 60), and the store's own settings are back once they end: the writer goes back to the pool when
/// the store is closed, and a pooled handle keeps whatever cache it was last given.
/// </summary>
public sealed class BulkAppendTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static long KiB(int kib) => -kib; // PRAGMA cache_size answers a size in KiB as a negative number

    [Fact]
    public async Task Appends_in_bulk_have_the_larger_page_cache_and_the_store_s_own_is_back_after()
    {
        var path = _folder.File("l.db");
        await using (var store = await SqliteEventStore.OpenAsync(path))
        {
            var bulk = await store.BulkAsync(100_000);
            await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [StoreFiles.Event()]); // a new file: made by this append
            Assert.Equal(KiB(GroupWriter.BulkCacheKiB(100_000)), await store.WriterCacheSizeAsync());
            await store.AppendAsync("relationship-AA~BB", ExpectedRevision.After(0), [StoreFiles.Event()]);
            Assert.Equal(KiB(GroupWriter.BulkCacheKiB(100_000)), await store.WriterCacheSizeAsync());

            await bulk.DisposeAsync();
            Assert.Equal(KiB(SqliteEventStore.CacheKiB), await store.WriterCacheSizeAsync());
            await store.AppendAsync("relationship-AA~BB", ExpectedRevision.After(1), [StoreFiles.Event()]);
            Assert.Equal(KiB(SqliteEventStore.CacheKiB), await store.WriterCacheSizeAsync());
        }

        // The writer's handle is in the pool now: whatever connection a store of the file is handed has the store's cache.
        await using var again = await SqliteEventStore.OpenAsync(path);
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await again.OpenConnectionAsync(CancellationToken.None);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA cache_size";
            Assert.Equal(KiB(SqliteEventStore.CacheKiB), (long)(await cmd.ExecuteScalarAsync())!);
        }
        Assert.Equal(GlobalPosition.Of(3), await again.HeadAsync());
    }
}
