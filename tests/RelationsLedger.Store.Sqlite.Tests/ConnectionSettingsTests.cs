using Microsoft.Data.Sqlite;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// A store applies its connection settings to a pooled handle once, not at every open (round 24 of issue #16); each
/// connection it hands out must still have its own store's settings — also when two stores with other durabilities share
/// one file's pool, and on the new handles opened after the pool was cleared.
/// </summary>
public sealed class ConnectionSettingsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<long> SynchronousAsync(SqliteEventStore store)
    {
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA synchronous";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Two_stores_of_one_file_with_other_durabilities_each_open_connections_with_their_own_syncs()
    {
        var path = _folder.File("l.db");
        await (await StoreFiles.WrittenAsync(path)).DisposeAsync();
        await using var full = await SqliteEventStore.OpenAsync(path, SqliteDurability.Full);
        await using var normal = await SqliteEventStore.OpenAsync(path, SqliteDurability.Normal);
        const long Full = 2, Normal = 1; // PRAGMA synchronous
        for (var i = 0; i < 3; i++) // the same pooled handle, handed to one store and the other in turn
        {
            Assert.Equal(Full, await SynchronousAsync(full));
            Assert.Equal(Normal, await SynchronousAsync(normal));
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(Normal, await SynchronousAsync(normal));
        Assert.Equal(Full, await SynchronousAsync(full));
    }
}
