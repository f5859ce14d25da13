using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;
using RelationsLedger.Sqlite;

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

    /// <summary>The tables a read model has had in any version (a file without the mark that holds only these is an earlier version's).</summary>
    private static readonly string[] Tables = ["checkpoints", "ledger_binding", "relationships", "item_versions", "facts", "fact_types", "passed_over", "generation"];

    /// <summary>The views a read model has had in any version.</summary>
    private static readonly string[] Views = ["current_items"];

    /// <summary>
    /// Refuses a file that is not a read model before anything writes to it, throws it away or puts another over it: a
    /// mistaken <c>RELATIONSLEDGER_READ_MODEL</c> naming the store, another application's database or any other file
    /// must change nothing. A read model is a file that is missing or empty, carries the read-model mark in its header,
    /// or — made by an earlier version, unmarked — holds only read-model tables. A folder, or a path in a missing folder, is named as such. One that cannot be read is the
    /// ledger's to throw away only when its header carries the mark or its name is a read model's
    /// (<c>….projections.db</c>, as the ledger names them).
    /// </summary>
    public static void EnsureOurs(string path)
    {
        if (SqliteFilePlace.Problem(Path.GetFullPath(path)) is { } misplaced)
            throw new ReadModelUnavailableException($"The read model {path} cannot be used: {misplaced}. Name a file with RELATIONSLEDGER_READ_MODEL, or unset it (the read model then goes beside the store).");
        var file = new FileInfo(path);
        if (!file.Exists || file.Length == 0) return;
        var named = path.EndsWith(".projections.db", StringComparison.Ordinal);
        long mark;
        IReadOnlyList<SqliteSchemaObject> objects;
        try
        {
            (mark, objects) = MarkAndObjects(path, named);
        }
        catch (SqliteException e) when (IsUnreadable(e))
        {
            if (named) return; // a damaged read model: thrown away and made again
            throw NotOurs(path, e.SqliteErrorCode == NotADatabase ? "it is not a SQLite database" : "it is a damaged SQLite database");
        }
        catch (SqliteException e) when (IsOfThePlace(e))
        {
            throw CannotUse(path, e, stillAnswers: false);
        }
        // What no read model of any version holds: another program's tables, views or triggers.
        var foreign = objects.Where(o => !Tables.Contains(o.Table, StringComparer.Ordinal) && !Views.Contains(o.Name, StringComparer.Ordinal)).ToList();
        // A trigger runs inside the ledger's writes to its read model, where it can change the answers unseen (the read model has no
        // hash: docs/audit.md). The ledger makes none; a file holding one was read and written through before round 64.
        if (SqliteSchemaObjects.Triggers(objects) is var (described, _) && (mark == SqliteFileMarks.ReadModel || foreign.Count == 0))
            throw new ReadModelUnavailableException($"The read model {path} cannot be used: it holds {described}, which would run inside the ledger's " +
                "writes to it, where it can change the answers. It was not changed; delete it (a read model is made again from the log) or name another " +
                "file with RELATIONSLEDGER_READ_MODEL.");
        if (mark == SqliteFileMarks.ReadModel) return;
        if (mark == SqliteFileMarks.Store) throw NotOurs(path, "it is a RelationsLedger store (an event log), not a read model");
        if (mark != 0) throw NotOurs(path, $"it is the SQLite database of another application (application id 0x{mark:x8})");
        // Unmarked: new (nothing in it), a read model of an earlier version (only read-model tables, their indexes and its
        // view), or something else, never written beside.
        if (foreign.Count > 0)
            throw NotOurs(path, $"it is a SQLite database of something else ({SqliteSchemaObjects.Describe(foreign)})");
    }

    /// <summary>
    /// The file's mark and objects, read through SQLite read-only: no write, and no file lock of .NET's own that a rebuild's lock
    /// would refuse. A write left unfinished beside a file named as the ledger names read models (<see cref="HotJournal"/>: a
    /// rebuild's swap killed mid-write) is rolled back first, as its first read-write connection would.
    /// </summary>
    private static (long Mark, IReadOnlyList<SqliteSchemaObject> Objects) MarkAndObjects(string path, bool named)
    {
        return HotJournal.ReadRollingBack(path, Read, e => named ? null : new ReadModelUnavailableException(
            $"The read model {path} cannot be used: {HotJournal.Describe(path)}, and the ledger rolls such a write back only in a read model " +
            "it named (….projections.db). It was not changed; delete it (a read model is made again from the log) or name another file with " +
            "RELATIONSLEDGER_READ_MODEL.", e));

        (long, IReadOnlyList<SqliteSchemaObject>) Read()
        {
            using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA application_id";
            return ((long)cmd.ExecuteScalar()!, SqliteSchemaObjects.Read(c));
        }
    }

    private static ReadModelUnavailableException NotOurs(string path, string why) =>
        new($"{path} is not a RelationsLedger read model: {why}. It was not changed; name another file with RELATIONSLEDGER_READ_MODEL.");

    /// <summary>Puts the read-model mark in the header of the file <paramref name="c"/> is open on (a new read model, or an earlier version's).</summary>
    public static void Mark(SqliteConnection c, SqliteTransaction? tx)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "PRAGMA application_id";
        if (Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == SqliteFileMarks.ReadModel) return;
        cmd.CommandText = $"PRAGMA application_id = {SqliteFileMarks.ReadModel}";
        cmd.ExecuteNonQuery();
    }

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
        TakeOutOfWal(database, waitSeconds: 30);
        File.Move(rebuilt, database.Path, overwrite: true);
        DeleteFiles(database.Path + "-wal", database.Path + "-shm");
    }

    /// <summary>
    /// Asked before a rebuild starts: a read model another process has open (a running <c>ledger serve</c>'s live read
    /// model) cannot be replaced, and finding that out only at the end threw away the whole rebuild's work.
    /// </summary>
    public static void EnsureReplaceable(ReadModelDatabase database)
    {
        database.ClearPool(); // this process's idle connections are not another's
        TakeOutOfWal(database, waitSeconds: 2);
    }

    /// <summary>
    /// Takes the read model out of WAL mode, which checkpoints it and removes its -wal and -shm files — possible only when no
    /// other connection has it open. Throws <see cref="ReadModelUnavailableException"/> naming the other process when one does.
    /// </summary>
    private static void TakeOutOfWal(ReadModelDatabase database, int waitSeconds)
    {
        if (!File.Exists(database.Path)) return;
        try
        {
            using var old = ReadModelDatabase.OpenPlain(database.Path, waitSeconds);
            using var cmd = old.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode = DELETE";
            if (!string.Equals(cmd.ExecuteScalar() as string, "delete", StringComparison.OrdinalIgnoreCase)) throw InUse(database.Path, null);
        }
        catch (SqliteException e) when (IsUnreadable(e))
        {
            // An unreadable old file has no log worth keeping: the rebuilt one simply replaces it.
        }
        catch (SqliteException e) when (SqliteBusy.Is(e))
        {
            throw InUse(database.Path, e);
        }
        database.ClearPool();
    }

    private static ReadModelUnavailableException InUse(string path, Exception? inner) =>
        new($"The read model {path} is open in another process (a running 'ledger serve'?): a rebuild cannot take its place under it. " +
            "Stop that process and rebuild again; meanwhile the read model answers as it is, and that process keeps it current.", inner)
        {
            OpenElsewhere = true,
        };

    /// <summary>
    /// Removes a read model that cannot be read, so that it is made again; throws when it cannot be removed. Only the read
    /// model's own pool is cleared (the one connection string it is opened with pooled; its other opens are not pooled):
    /// clearing every pool of the process took a running <c>ledger serve</c>'s store connections with it.
    /// </summary>
    public static void Discard(ReadModelDatabase database)
    {
        database.ClearPool();
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
    public static void Delete(string path) => DeleteFiles([path, .. SqliteFilePlace.SideFiles.Select(side => path + side)]);

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

    /// <summary>A new file could not take the read model's place: another process has it open.</summary>
    public bool OpenElsewhere { get; init; }

    /// <summary>The read model holds nothing yet and its first catch-up outlasted a question's wait: nothing is wrong with its file.</summary>
    public bool HoldsNothingYet { get; init; }
}
