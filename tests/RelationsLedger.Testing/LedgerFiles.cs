
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

    /// <summary><paramref name="copy"/> moved over the store file at <paramref name="path"/> (a restore), its sidecars removed first.</summary>
    public static void PutInPlace(string copy, string path)
    {
        DeleteSidecars(path);
        File.Move(copy, path, overwrite: true);
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
