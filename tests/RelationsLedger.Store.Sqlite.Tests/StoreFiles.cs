using System.Text;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>What tests of a store file's life under an open store make and do: a written store, SQL run on a file directly, sidecars removed.</summary>
internal static class StoreFiles
{
    public static EventData Event() =>
        new(Guid.NewGuid(), "StatementMade", Encoding.UTF8.GetBytes("""{"n":1}"""), Encoding.UTF8.GetBytes("{}"));

    /// <summary>A store at <paramref name="path"/> with one event in <c>relationship-AA~BB</c>, its head and identity read through the pool.</summary>
    public static async Task<SqliteEventStore> WrittenAsync(string path)
    {
        var store = await SqliteEventStore.OpenAsync(path);
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [Event()]);
        Assert.NotNull(await store.HeadAsync());
        Assert.NotNull(await store.IdentityAsync());
        return store;
    }

    /// <summary>Runs <paramref name="sql"/> on the file through a connection of its own (not pooled).</summary>
    public static async Task ExecuteAsync(string path, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A consistent copy of the store file, as a backup tool makes one.</summary>
    public static Task CopyAsync(string path, string copy) => ExecuteAsync(path, $"VACUUM INTO '{copy}'");

    /// <summary>The WAL and its index, as someone replacing the file by hand removes them.</summary>
    public static void DeleteSidecars(string path)
    {
        File.Delete(path + "-wal");
        File.Delete(path + "-shm");
    }
}
