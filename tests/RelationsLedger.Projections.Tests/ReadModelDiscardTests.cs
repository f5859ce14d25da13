using Microsoft.Data.Sqlite;
using RelationsLedger.Projections.Runner;
using RelationsLedger.Testing;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A read model that cannot be read is thrown away (<see cref="ReadModelFile.Discard"/>): its own pooled connections go
/// with it, and no other file's. Before, it cleared every SQLite pool of the process: a busy <c>ledger serve</c> lost
/// all its store connections (each made again, with its settings, on its next use) whenever a read model was thrown away.
/// Runs apart from the tests whose folders clear every pool as they are removed.
/// </summary>
[Collection(nameof(SqlitePools))]
public sealed class ReadModelDiscardTests
{
    [Fact]
    public async Task Throwing_away_an_unreadable_read_model_leaves_the_store_connections_pooled_and_open()
    {
        using var folder = new TempFolder();
        string storePath, readModelPath;
        await using (var ledger = await TestLedger.OpenAsync(folder: folder))
        {
            await ledger.RecordFoundingExampleAsync();
            await ledger.Runner.CatchUpAsync();
            (storePath, readModelPath) = (ledger.StorePath, ledger.ReadModelPath);
        } // the store and the read model clear their own pools as they close: what follows is the test's alone
        // The store's pool (its connection string, as the store makes it): one connection idle in it, one in use.
        var store = new SqliteConnectionStringBuilder { DataSource = storePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var inUse = new SqliteConnection(store);
        inUse.Open();
        var pooled = new HashSet<object>(ReferenceEqualityComparer.Instance) { inUse.Handle! };
        using (var idle = new SqliteConnection(store))
        {
            idle.Open();
            pooled.Add(idle.Handle!);
        }
        var database = new ReadModelDatabase(readModelPath);
        using (database.Open()) { } // the read model's own pool has a connection too
        await File.WriteAllTextAsync(readModelPath, "not a read model any more\n");

        ReadModelFile.Discard(database);

        Assert.False(File.Exists(readModelPath));
        Assert.Equal(15L, Count(inUse)); // still open on the store
        inUse.Close();
        using var first = new SqliteConnection(store);
        using var second = new SqliteConnection(store);
        first.Open();
        second.Open();
        // The same two handles, back from the pool (a cleared pool disposes them and opens new ones).
        Assert.Equal(pooled, new HashSet<object>(ReferenceEqualityComparer.Instance) { first.Handle!, second.Handle! });
        Assert.Equal(15L, Count(first));
        SqliteConnection.ClearPool(first);
    }

    private static long Count(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM events";
        return (long)cmd.ExecuteScalar()!;
    }
}
