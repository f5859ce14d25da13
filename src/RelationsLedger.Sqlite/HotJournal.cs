using Microsoft.Data.Sqlite;

namespace RelationsLedger.Sqlite;

/// <summary>
/// A rollback journal left "hot" beside a database file: a process stopped (killed, or the machine lost power) in the middle of
/// a write in rollback-journal mode, which the ledger's files are in for a moment each time they are swapped for a new file
/// (<c>ledger store upgrade</c>, a read model's rebuild) or when an operator set it. The file may hold some of that write's
/// pages; the journal holds them as of the last commit, and SQLite puts them back at the next read — which needs write
/// access, so a read-only connection is refused (SQLITE_READONLY_ROLLBACK). Before, that refusal was told as "the file is
/// read-only" of a writable store, and every command failed on it (round 46's CI met it after a killed upgrade).
/// </summary>
public static class HotJournal
{
    private const int ReadOnlyRollback = 776; // SQLITE_READONLY_ROLLBACK

    /// <summary>The first 8 bytes of a journal SQLite would roll back (a committed one is deleted, truncated or zeroed).</summary>
    private static ReadOnlySpan<byte> Magic => [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];

    public static string PathOf(string database) => database + "-journal";

    /// <summary>A read-only connection's read refused because the file has a hot journal to roll back.</summary>
    public static bool Refused(SqliteException e) => e.SqliteExtendedErrorCode == ReadOnlyRollback;

    /// <summary>
    /// The journal beside <paramref name="database"/> when it holds an unfinished write (null when there is none). Told by its
    /// first bytes alone: on a read-only file system no process can be writing it, so such a journal is hot.
    /// </summary>
    public static FileInfo? Beside(string database)
    {
        var journal = new FileInfo(PathOf(database));
        if (!journal.Exists || journal.Length < Magic.Length) return null;
        Span<byte> start = stackalloc byte[8];
        using var handle = File.OpenHandle(journal.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return RandomAccess.Read(handle, start, 0) == start.Length && start.SequenceEqual(Magic) ? journal : null;
    }

    /// <summary>"a process writing it stopped mid-write and left its rollback journal ledger.db-journal (5,632 bytes) beside it".</summary>
    public static string Describe(string database)
    {
        var journal = new FileInfo(PathOf(database));
        var size = journal.Exists ? $" ({journal.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes)" : "";
        return $"a process writing it stopped mid-write (killed, or the machine lost power) and left its rollback journal {journal.Name}{size} beside it";
    }

    /// <summary>
    /// <paramref name="read"/>, a read of <paramref name="database"/> through a read-only connection. When SQLite refuses it for
    /// an unfinished write beside the file, <paramref name="refusal"/> says why this file is not the ledger's to roll back (the
    /// exception to throw) or null; then the write is rolled back and the file read again.
    /// </summary>
    public static T ReadRollingBack<T>(string database, Func<T> read, Func<SqliteException, Exception?> refusal)
    {
        try
        {
            return read();
        }
        catch (SqliteException e) when (Refused(e))
        {
            if (refusal(e) is { } refused) throw refused;
            RollBack(database);
            return read();
        }
    }

    /// <summary>
    /// Puts the file back as of its last commit from the journal — SQLite's own recovery, which any connection that may write
    /// does at its first read — through a read-write connection of its own that reads the file's first page.
    /// </summary>
    private static void RollBack(string database)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA user_version";
        cmd.ExecuteScalar();
    }
}
