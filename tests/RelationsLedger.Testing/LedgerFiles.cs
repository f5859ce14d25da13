using Microsoft.Data.Sqlite;

namespace RelationsLedger.Testing;

/// <summary>
/// What tests of an embedded store's file do to it from outside, as an operator would: SQL on the file through a
/// connection of its own, a consistent copy (a backup), a copy put in the store's place (a restore).
/// </summary>
public static class LedgerFiles
{
    /// <summary>
    /// Runs <paramref name="sql"/> on the file through a connection of its own (not pooled), with <see cref="StoredJson"/>'s
    /// functions for an edit of stored JSON that works on every layout.
    /// </summary>
    public static async Task ExecuteAsync(string path, string sql)
    {
        await using var c = await StoredJson.OpenAsync(path);
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

    /// <summary>
    /// The store file at <paramref name="path"/> taken away under a running store, as an operator deleting it would: every pooled
    /// connection closed first (so that none keeps the deleted file open), then the file and its sidecars removed.
    /// </summary>
    public static void TakeAway(string path)
    {
        SqliteConnection.ClearAllPools();
        File.Delete(path);
        DeleteSidecars(path);
    }

    /// <summary><paramref name="copy"/> moved over the store file at <paramref name="path"/> (a restore), its sidecars removed first.</summary>
    public static void PutInPlace(string copy, string path)
    {
        DeleteSidecars(path);
        File.Move(copy, path, overwrite: true);
    }

    /// <summary>
    /// The file at <paramref name="path"/> (closed, its pools cleared) left as a process killed in the middle of a write in
    /// rollback-journal mode leaves it: pages of the write (a table of its own, <c>unfinished</c>, 500 rows of 4 KB) in the
    /// file, and beside it the journal holding them as of the last commit, hot. Made from a copy of the file taken out of WAL
    /// mode and given a cache too small for the write, so its pages go to the file before the commit; the copy and its journal
    /// are copied into the file's place while that write is under way, and the write is never committed.
    /// </summary>
    /// <returns>The journal's bytes, as left.</returns>
    public static async Task<byte[]> LeaveUnfinishedWriteAsync(string path)
    {
        var work = path + ".writing";
        await CopyAsync(path, work);
        var committed = new FileInfo(path).Length;
        await using (var c = new SqliteConnection($"Data Source={work};Pooling=False"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 1; BEGIN IMMEDIATE; CREATE TABLE unfinished (x); " +
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) INSERT INTO unfinished SELECT randomblob(4000) FROM n;";
            await cmd.ExecuteNonQueryAsync();
            DeleteSidecars(path);
            File.Copy(work, path, overwrite: true);
            File.Copy(work + "-journal", path + "-journal", overwrite: true);
            cmd.CommandText = "ROLLBACK";
            await cmd.ExecuteNonQueryAsync();
        }
        File.Delete(work);
        // The scene is what a kill leaves only if the write's pages reached the file.
        if (new FileInfo(path).Length <= committed) throw new InvalidOperationException($"The unfinished write did not reach {path}: nothing to roll back.");
        return await File.ReadAllBytesAsync(path + "-journal");
    }

    /// <summary>Whether the file holds the table <see cref="LeaveUnfinishedWriteAsync"/>'s write makes (read-only: SQLite refuses it while the journal is hot).</summary>
    public static async Task<bool> HoldsUnfinishedAsync(string path)
    {
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_schema WHERE name = 'unfinished'";
        return (long)(await cmd.ExecuteScalarAsync())! > 0;
    }

    /// <summary>How many events the file holds, read through a read-only connection of its own.</summary>
    public static Task<long> EventCountAsync(string path) => IntegerAsync(path, "SELECT COUNT(*) FROM events");

    /// <summary>The version the file's header gives (<c>PRAGMA user_version</c>): for a store, the latest format of its events.</summary>
    public static Task<long> UserVersionAsync(string path) => IntegerAsync(path, "PRAGMA user_version");

    /// <summary>One integer a query of the file gives (read-only).</summary>
    public static async Task<long> IntegerAsync(string path, string sql)
    {
        await using var c = await StoredJson.OpenAsync(path, readOnly: true);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
