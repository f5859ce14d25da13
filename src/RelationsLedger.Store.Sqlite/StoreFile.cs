using System.Globalization;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Store.Sqlite;

/// <summary>What a file given as the store is, found without writing to it.</summary>
internal enum StoreFileKind
{
    /// <summary>No file yet, an empty file, or a SQLite database with no tables: becomes a ledger at its first append.</summary>
    New,

    /// <summary>A RelationsLedger store.</summary>
    Ledger,

    /// <summary>A store of an earlier version (the event table, no mark and no identity): made current at its first use.</summary>
    Earlier,

    /// <summary>Anything else: never opened for writing, never changed.</summary>
    NotALedger,

    /// <summary>
    /// A store that cannot be read as it is: emptied beside its write-ahead log (<see cref="StoreFile.EmptiedBesideItsLog"/>), or
    /// marked a RelationsLedger store but found damaged by SQLite (<see cref="StoreFile.DamagedStore"/>). Never opened for writing.
    /// </summary>
    Damaged,
}

internal static class StoreFile
{
    private const int NotADatabase = 26; // SQLITE_NOTADB
    private const int Corrupt = 11; // SQLITE_CORRUPT

    /// <summary>
    /// What SQLite is given to open the store file. A store on a read-only file system (an archive, a snapshot) with no
    /// shared-memory file beside it is one SQLite cannot open as it is — it would have to create that file — yet one that
    /// nothing can change: without a write-ahead log it is opened as immutable (read without locks), all of it in the
    /// file. With a log beside it, immutable would leave the log's commits out: refused, saying how to read it.
    /// </summary>
    public static string DataSource(string path)
    {
        if (File.Exists(path + "-shm") || !ReadOnlyFileSystem.Holds(path)) return path;
        // Immutable, SQLite would also leave out the journal of a write left unfinished, and read the pages that write got in.
        if (HotJournal.Beside(path) is not null)
            throw new StoreUnavailableException($"Cannot open the store {path}: {HotJournal.Describe(path)}, and it is on a read-only file system, where SQLite " +
                "cannot put the file back as of its last commit. Copy the store with its journal to a writable folder and read it there.");
        if (new FileInfo(path + "-wal") is { Exists: true, Length: > 0 } wal)
            throw new StoreUnavailableException(
                $"Cannot open the store {path}: it is on a read-only file system with a write-ahead log beside it ({wal.Name}, {wal.Length} bytes) " +
                "and no shared-memory file, and SQLite cannot read the log's commits there. Copy the store with its -wal file to a writable folder and read it there.");
        return Immutable(path);
    }

    /// <summary>The file alone, read without locks and without its write-ahead log: SQLite takes it as one nothing changes.</summary>
    public static string Immutable(string path) => new Uri(path).AbsoluteUri + "?immutable=1";

    /// <summary>Looks at the file read-only: a file that is not a ledger is left byte for byte as it was.</summary>
    public static (StoreFileKind Kind, string? Why) Inspect(string path) => AfterAnUnfinishedWrite(path, () => Look(path));

    private static (StoreFileKind Kind, string? Why) Look(string path)
    {
        if (!File.Exists(path)) return (StoreFileKind.New, null);
        if (new FileInfo(path).Length == 0)
            return EmptiedBesideItsLog(path) is { } emptied ? (StoreFileKind.Damaged, emptied) : (StoreFileKind.New, null);
        if (ForeignWriteAheadLog.Why(path) is { } foreign) return (StoreFileKind.Damaged, foreign);
        var cs = new SqliteConnectionStringBuilder { DataSource = DataSource(path), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            using var c = new SqliteConnection(cs);
            c.Open();
            // One read transaction: the file as of one moment. Read by read, a writer creating the store could commit
            // between the mark and the tables, and a new ledger would look like another application's file.
            using var snapshot = c.BeginTransaction(deferred: true);
            var applicationId = (long)Scalar(c, "PRAGMA application_id", snapshot)!;
            var version = (long)Scalar(c, "PRAGMA user_version", snapshot)!;
            var objects = SqliteSchemaObjects.Read(c, snapshot);
            if (applicationId == Schema.ApplicationId)
                return version > Schema.Version
                    ? (StoreFileKind.NotALedger, $"it is a RelationsLedger store of a later version (schema {version}; this ledger reads up to {Schema.Version}): use a newer ledger")
                    : (Triggers(path, objects) ?? OwnDefinitions.Problem(objects, path) ?? ForeignWriteAheadLog.OfAnotherLedger(path, c, snapshot))
                        is { } altered ? (StoreFileKind.Damaged, altered) : (StoreFileKind.Ledger, null);
            if (applicationId == SqliteFileMarks.ReadModel)
                return (StoreFileKind.NotALedger, "it is a RelationsLedger read model (made from a store's events), not the store: name the store's file, the one without .projections");
            if (applicationId != 0)
                return (StoreFileKind.NotALedger, $"it is the SQLite database of another application (application id 0x{applicationId:x8})");
            // New only when nothing is in it: no object of its own, and no schema version (another program's mark of its own).
            if (objects.Count == 0 && version == 0) return (StoreFileKind.New, null);
            var tables = objects.Where(o => o.Type == "table").Select(o => o.Name).ToList();
            if (tables.SequenceEqual(["events"]) && objects.All(o => o.Table == "events") && Columns(c, "events", snapshot).SequenceEqual(Schema.EventColumns))
                return (Triggers(path, objects) ?? OwnDefinitions.Problem(objects, path)) is { } altered ? (StoreFileKind.Damaged, altered) : (StoreFileKind.Earlier, null);
            return (StoreFileKind.NotALedger, objects.Count == 0
                ? $"it is a SQLite database of something else (it holds nothing, yet its header carries schema version {version} (PRAGMA user_version), which only a store with the ledger's mark has)"
                : $"it is a SQLite database of something else ({SqliteSchemaObjects.Describe(objects)})");
        }
        catch (SqliteException e) when (e.SqliteErrorCode is NotADatabase or Corrupt)
        {
            if (DamagedStore(path) is { } damaged) return (StoreFileKind.Damaged, damaged);
            return (StoreFileKind.NotALedger, e.SqliteErrorCode == Corrupt ? "it is a corrupt SQLite database" : "it is not a SQLite database");
        }
    }

    /// <summary>
    /// Why a store's file that holds triggers is not opened (null when it holds none). The ledger makes none; one in the file runs
    /// inside the ledger's own writes, where it can drop, change or add rows that the command writing them never sees. Before
    /// round 64 a store was taken on its mark alone: a trigger ignoring every SanctionsImposed row made `record impose-sanctions`
    /// end as "unexpected error … This is a bug", and one rewriting an earlier row on every insert let each command report
    /// "Recorded" while it altered the log (which `verify` then found ALTERED). Reading is refused too: what such a file holds is
    /// for its owner to look at and mend with SQLite's own tools before the ledger reads or verifies it.
    /// </summary>
    private static string? Triggers(string path, IReadOnlyList<SqliteSchemaObject> objects)
    {
        if (SqliteSchemaObjects.Triggers(objects) is not var (named, triggers)) return null;
        var one = triggers.Count == 1;
        return $"it holds {named}: a trigger runs inside the ledger's own writes, where it can drop, change or add events that the command " +
            $"writing them never sees. It was not opened or changed: look at what {(one ? "it does" : "they do")} (sqlite3 {path} .schema), remove " +
            $"{(one ? "it" : "them")} (DROP TRIGGER {triggers[0].Name}), then check the ledger with 'ledger verify'";
    }

    /// <summary>
    /// Why a file SQLite cannot read is a damaged RelationsLedger store rather than something else (null when its header does not
    /// say it is one): its first page names SQLite and carries the store's mark. Before, a store cut short was called "not a
    /// RelationsLedger store: a corrupt SQLite database" — untrue of the auditor's own store. Says how much is missing when the
    /// file is shorter than its header counts (the header's page count, bytes 28–31, and page size, bytes 16–17).
    /// </summary>
    public static string? DamagedStore(string path)
    {
        var (header, length) = SqliteHeader.Read(path);
        if (header is not { MarksAStore: true } read) return null;
        var pageSize = read.PageSize;
        var counted = read.PageCount * pageSize;
        var cut = length < counted
            ? $": it holds {length.ToString("N0", CultureInfo.InvariantCulture)} bytes, and its header counts {counted / pageSize} pages of " +
              $"{pageSize} bytes ({counted.ToString("N0", CultureInfo.InvariantCulture)}): the file was cut short (truncated)"
            : "";
        return $"it is a RelationsLedger store (its header carries the store's mark) that SQLite finds damaged{cut}. It was not changed; " +
            "put it back from a backup, and verify that";
    }

    /// <summary>
    /// Why an empty store file with a write-ahead log beside it is not a new store (null when it has no log, or an empty one).
    /// SQLite never leaves a log beside an empty file: turning a new file to WAL mode writes its first page into the file
    /// before any log exists. So the file was emptied (truncated) under its log, which holds the ledger's commits since the
    /// last checkpoint, or all of them; and SQLite deletes the log of an empty file when it opens it. Taken for a new store,
    /// the first command opened it, the log and every event in it were gone, and a new ledger verified OK in its place.
    /// The file is looked at again after the log: a store being created is empty until its first page is written, and that
    /// page is written before its log is made, so a creation seen between the two looks shows a file that is no longer empty.
    /// </summary>
    public static string? EmptiedBesideItsLog(string path) =>
        new FileInfo(path + "-wal") is { Exists: true, Length: > 0 } wal && new FileInfo(path) is { Exists: true, Length: 0 }
            ? $"the file is empty (0 bytes), yet its write-ahead log {wal.Name} beside it holds {wal.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes: the store file was " +
              "emptied (truncated), and the log holds the ledger's last commits, or all of them. Opening the file would make SQLite delete " +
              "that log, so neither was opened or changed: put the store file back from a backup beside its log, or keep both and name another file with " + StoreChoice.Ways
            : null;

    /// <summary>
    /// The ledger id a store file holds (null for a store of an earlier version) and the log's last position, read
    /// through a connection of its own: a pooled one answers from its cached pages, which a file replaced behind its
    /// back does not change.
    /// </summary>
    public static (Guid? LedgerId, long? Head) ReadAsFound(string path, StoreFileKind kind) => AfterAnUnfinishedWrite(path, () =>
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = DataSource(path), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var c = new SqliteConnection(cs);
        c.Open();
        return (kind == StoreFileKind.Ledger ? LedgerIdOf(c) : null, HeadOf(c));
    });

    /// <summary>
    /// <paramref name="read"/>, a read of the file through a read-only connection; when SQLite refuses it for a write left
    /// unfinished beside the file (<see cref="HotJournal"/>), that write is rolled back — SQLite's own recovery, which the
    /// store's first read-write connection would do anyway — and the file read again. Only the ledger's own file (its header
    /// carries the mark) where it may be written: any other is left as it is, and said to be so.
    /// </summary>
    private static T AfterAnUnfinishedWrite<T>(string path, Func<T> read) => HotJournal.ReadRollingBack(path, read, e =>
        SqliteHeader.Read(path).Header is not { MarksAStore: true }
            ? new StoreUnavailableException($"Cannot open the store {path}: {HotJournal.Describe(path)}, and its header does not carry " +
                "the ledger's mark, so the ledger did not roll that write back. It was not changed; name another file with " + StoreChoice.Ways + ".", e)
            : FileStatus.ReadOnlyReason(path) is { } why
                ? new StoreUnavailableException($"Cannot open the store {path}: {HotJournal.Describe(path)}. SQLite must put the file back " +
                    $"as of its last commit from that journal before it can be read, which needs write access, and {why}. It was not changed; " +
                    "copy the store with its journal to a writable folder and read it there, or make it writable.", e)
                : null);

    /// <summary>The last position of the log in the file <paramref name="c"/> is open on (null when it is empty).</summary>
    public static long? HeadOf(SqliteConnection c) => Scalar(c, "SELECT MAX(position) FROM events") is long head ? head : null;

    /// <summary>The ledger the file <paramref name="c"/> is open on holds (its id and when it was made), or null when it has none yet.</summary>
    public static LedgerIdentity? IdentityOf(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT ledger_id, created_at FROM ledger WHERE id = 1";
        using var r = cmd.ExecuteReader();
        return r.Read() ? new LedgerIdentity(Guid.Parse(r.GetString(0)), new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero)) : null;
    }

    /// <summary>The ledger id in the file <paramref name="c"/> is open on (null when it has none yet).</summary>
    public static Guid? LedgerIdOf(SqliteConnection c) => IdentityOf(c)?.LedgerId;

    private static object? Scalar(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static List<string> Columns(SqliteConnection c, string table, SqliteTransaction tx)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
        using var r = cmd.ExecuteReader();
        var columns = new List<string>();
        while (r.Read()) columns.Add(r.GetString(0));
        return columns;
    }
}
