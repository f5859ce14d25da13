using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>What tests of an import or export another process runs read of its store file while it runs.</summary>
internal static class RecordedInFile
{
    private const string CountRelationshipEvents = "SELECT count(*) FROM events WHERE stream LIKE 'relationship-%'";

    /// <summary>The relationships' events in the store file, read as another process would (0 while it is not a store yet).</summary>
    public static async Task<long> CountAsync(string store)
    {
        if (!File.Exists(store)) return 0;
        try
        {
            await using var connection = new SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = CountRelationshipEvents;
            return (long)(await count.ExecuteScalarAsync())!;
        }
        catch (SqliteException)
        {
            return 0; // the file is being made: no table yet, or locked while its schema is written
        }
    }

    /// <summary>
    /// The store's write lock, taken by this test between two of <paramref name="process"/>'s write transactions, and the
    /// relationships' events committed when it was taken: the process's next transaction waits for it (for up to its 30 s),
    /// so nothing more is recorded until the lock is disposed, however long what the test does meanwhile takes. Tried every
    /// millisecond without SQLite's own wait (<c>BEGIN IMMEDIATE</c> refused at once), so as to take the first gap between
    /// two transactions; false when the process ended first.
    /// </summary>
    public static async Task<(WriteLock? Lock, long Recorded)> HoldBetweenWritesAsync(string store, Process process)
    {
        var connection = new SqliteConnection($"Data Source={store};Pooling=False");
        await connection.OpenAsync();
        while (true)
        {
            var begun = SQLitePCL.raw.sqlite3_exec(connection.Handle, "BEGIN IMMEDIATE");
            if (begun == SQLitePCL.raw.SQLITE_OK) break;
            Assert.True(begun == SQLitePCL.raw.SQLITE_BUSY, $"BEGIN IMMEDIATE: {SQLitePCL.raw.sqlite3_errstr(begun).utf8_to_string()}");
            if (process.HasExited)
            {
                await connection.DisposeAsync();
                return (null, await CountAsync(store));
            }
            await Task.Delay(1);
        }
        await using var count = connection.CreateCommand();
        count.CommandText = CountRelationshipEvents;
        return (new WriteLock(connection), (long)(await count.ExecuteScalarAsync())!);
    }

    /// <summary>A connection holding the store's write lock until it is disposed (rolled back: it wrote nothing).</summary>
    public sealed class WriteLock(SqliteConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            SQLitePCL.raw.sqlite3_exec(connection.Handle, "ROLLBACK");
            await connection.DisposeAsync();
        }
    }
}
