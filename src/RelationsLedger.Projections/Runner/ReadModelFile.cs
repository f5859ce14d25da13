using Microsoft.Data.Sqlite;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// The read model's file as a whole: replaced by a rebuilt one, or thrown away when it cannot be read.
/// A read model is disposable — everything in it is made again from the log.
/// </summary>
internal static class ReadModelFile
{
    private const int NotADatabase = 26; // SQLITE_NOTADB
    private const int Corrupt = 11; // SQLITE_CORRUPT

    public static bool IsUnreadable(SqliteException e) => e.SqliteErrorCode is NotADatabase or Corrupt;

    /// <summary>
    /// Puts the rebuilt file in place of the read model. The old file is first taken out of WAL mode
    /// (which checkpoints and removes its -wal and -shm files, waiting for other connections), so no
    /// stale log can be applied to the new file; the rename itself is atomic.
    /// </summary>
    public static void Replace(ReadModelDatabase database, string rebuilt)
    {
        if (File.Exists(database.Path))
        {
            try
            {
                using var old = ReadModelDatabase.OpenPlain(database.Path);
                using var cmd = old.CreateCommand();
                cmd.CommandText = "PRAGMA journal_mode = DELETE";
                var mode = cmd.ExecuteScalar() as string;
                if (!string.Equals(mode, "delete", StringComparison.OrdinalIgnoreCase))
                    throw new IOException($"The read model {database.Path} is in use by another process; the rebuild was not put in place.");
            }
            catch (SqliteException e) when (IsUnreadable(e))
            {
                // An unreadable old file has no log worth keeping: the rebuilt one simply replaces it.
            }
            database.ClearPool();
        }
        File.Move(rebuilt, database.Path, overwrite: true);
        DeleteFiles(database.Path + "-wal", database.Path + "-shm");
    }

    /// <summary>Removes a read model that cannot be read, so that it is made again; throws when it cannot be removed.</summary>
    public static void Discard(ReadModelDatabase database)
    {
        database.ClearPool();
        SqliteConnection.ClearAllPools();
        try
        {
            Delete(database.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReadModelUnavailableException($"The read model {database.Path} cannot be read and cannot be removed ({e.Message}); delete it by hand, it is made again from the log.", e);
        }
    }

    /// <summary>A file and its journal, WAL and shared-memory files.</summary>
    public static void Delete(string path) => DeleteFiles(path, path + "-journal", path + "-wal", path + "-shm");

    private static void DeleteFiles(params string[] paths)
    {
        foreach (var f in paths)
            if (File.Exists(f)) File.Delete(f);
    }
}

/// <summary>The read model can neither answer nor be made again here; the message says why and what to do.</summary>
public sealed class ReadModelUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
