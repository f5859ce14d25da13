using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

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

    /// <summary>A fault of where the read model lives (a full disk, permissions, a lock), not of what it holds (<see cref="SqliteFileFailure"/>).</summary>
    public static bool IsOfThePlace(SqliteException e) => SqliteFileFailure.IsOfThePlace(e.SqliteErrorCode);

    /// <summary>
    /// The read model's file cannot be opened or written where it is. Nothing of the log is touched by that, and the read
    /// model is disposable: it goes on (or is made again) from the log once it can be written.
    /// </summary>
    /// <param name="stillAnswers">Whether the read model was found to be this log's before the fault: it can answer, behind.</param>
    public static ReadModelUnavailableException CannotUse(string path, SqliteException e, bool stillAnswers) =>
        new($"The read model {path} cannot be opened or written: {SqliteFileFailure.Reason(e.SqliteErrorCode, e.Message, path)}. " +
            "The log is not affected; the read model goes on from it once it can be written (or delete it, or name another with RELATIONSLEDGER_READ_MODEL).", e)
        {
            StillAnswers = stillAnswers,
        };

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

/// <summary>
/// The read model cannot be brought up to date here — it cannot be opened or written, or it is another ledger's and
/// cannot be made again; the message says why and what to do.
/// </summary>
public sealed class ReadModelUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The read model is this log's and readable, only behind: a question can still be answered from it, saying so.</summary>
    public bool StillAnswers { get; init; }
}
