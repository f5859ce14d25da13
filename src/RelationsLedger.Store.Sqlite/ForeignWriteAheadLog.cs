using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// A write-ahead log beside the store that is not the store's: copied there from another database. SQLite keeps nothing in a
/// log that ties it to its database, and applies any log it finds at the store's path: the first command that opened the store
/// wrote the other database's pages into it and cut it to that database's size (found in round 45: a 590-event store of 749,568
/// bytes became 45,056, "the file is corrupt"). The ledger can tell two things, without opening the store: its file only grows
/// (events are appended, never deleted or vacuumed away), so a log whose last commit makes it smaller is not its log; a log
/// that rewrites its first page must keep the store's mark there; and a log never needs a page that is in neither it nor the file
/// (<see cref="Unreached"/>). A foreign log of a larger database with its first page unchanged that holds every page past the file's
/// end is not seen.
/// </summary>
internal static class ForeignWriteAheadLog
{
    private const int LogHeader = 32, FrameHeader = 24;
    private const uint Magic = 0x377f0682, MagicBigEndianChecksums = 0x377f0683;

    /// <summary>Why the log beside <paramref name="path"/> is not its store's; null when it may be (or there is none).</summary>
    public static string? Why(string path)
    {
        var wal = new FileInfo(path + "-wal");
        if (!wal.Exists || !FileStatus.IsRegularFile(wal.FullName) || wal.Length < LogHeader) return null; // a FIFO there is refused elsewhere, never opened here
        var (found, length) = SqliteHeader.Read(path);
        if (found is not { } store) return null;
        var (pageSize, marked, pages) = (store.PageSize, store.MarksAStore, length / store.PageSize);

        using var log = OpenIfStillThere(wal.FullName);
        if (log is null) return null;
        Span<byte> header = stackalloc byte[LogHeader];
        if (RandomAccess.Read(log, header, 0) < LogHeader || BinaryPrimitives.ReadUInt32BigEndian(header) is not (Magic or MagicBigEndianChecksums)) return null; // SQLite ignores it
        var logPageSize = BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
        if (logPageSize != pageSize) return Foreign(wal, $"its pages are of {logPageSize} bytes, and those of the store of {pageSize}");
        var salts = header.Slice(16, 8).ToArray();
        Span<byte> frame = stackalloc byte[FrameHeader];
        Span<byte> mark = stackalloc byte[4];
        long lastCommit = 0;
        var beyondTheFile = new HashSet<uint>(); // the pages the log holds past the file's end
        // The frames of the log's current run carry its header's salts; SQLite reads none after the first that does not.
        for (long at = LogHeader; RandomAccess.Read(log, frame, at) == FrameHeader && frame.Slice(8, 8).SequenceEqual(salts); at += FrameHeader + pageSize)
        {
            var page = BinaryPrimitives.ReadUInt32BigEndian(frame);
            if (BinaryPrimitives.ReadUInt32BigEndian(frame[4..]) is var committed and > 0) lastCommit = committed;
            if (page > pages) beyondTheFile.Add(page);
            if (marked && page == 1 && RandomAccess.Read(log, mark, at + FrameHeader + 68) == mark.Length
                && BinaryPrimitives.ReadInt32BigEndian(mark) != Schema.ApplicationId)
                return Foreign(wal, "it rewrites the first page of the store without the mark of a store (its application id)");
        }
        if (lastCommit > 0 && lastCommit < pages)
            return Foreign(wal, $"it would cut the store from {Count(pages)} pages to {Count(lastCommit)}, and a store only grows");
        return Unreached(path, log, salts, wal, pageSize, pages, lastCommit, beyondTheFile);
    }

    /// <summary>
    /// Why the log, which makes the store <paramref name="lastCommit"/> pages long, is not the log of a file of <paramref name="pages"/>
    /// pages: a page between the two is in neither. A store's log holds every page the store gained since its file was last written
    /// whole (a checkpoint makes the file as long as the store, and each page added after it is written into the log), so it never needs
    /// a page that is in neither. An older store's log put back beside an older copy of its file — a backup put in place with the
    /// store's <c>-wal</c> left there — does: it was written beside the longer file of its last checkpoint, and holds only the pages
    /// written since. SQLite read the missing pages as zeros and folded the log in: a read-only <c>ledger verify</c> said "the file is
    /// corrupt" and had made it so, the backup's 106,496 bytes become 208,896 of a damaged store (round 67). The file's length is
    /// read after the frames, and the log's header again: a checkpoint meanwhile only lengthens the file, and a log begun anew since is
    /// not judged.
    /// </summary>
    private static string? Unreached(string path, Microsoft.Win32.SafeHandles.SafeFileHandle log, byte[] salts, FileInfo wal, int pageSize, long pages, long lastCommit,
        HashSet<uint> beyondTheFile)
    {
        if (lastCommit <= pages) return null;
        var inFile = Math.Max(pages, new FileInfo(path).Length / pageSize);
        Span<byte> header = stackalloc byte[LogHeader];
        if (RandomAccess.Read(log, header, 0) < LogHeader || !header.Slice(16, 8).SequenceEqual(salts)) return null;
        long missing = 0, first = 0;
        for (var page = inFile + 1; page <= lastCommit; page++)
            if (!beyondTheFile.Contains((uint)page) && missing++ == 0) first = page;
        if (missing == 0) return null;
        return Foreign(wal, $"it makes the store {Count(lastCommit)} pages long, and {Count(missing)} of them (from page {Count(first)}) are neither in the " +
            $"store file, of {Count(inFile)} pages, nor in the log: the log was written beside a longer file (the store as it was before an older copy " +
            "was put in its place with the log left beside it), and SQLite would read those pages as zeros and write the log into the copy");
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// Why the log beside <paramref name="path"/> is another ledger's (null when it may be the store's, or there is none): read
    /// through it (<paramref name="c"/>, in <paramref name="tx"/>), the store holds another ledger and another first event than its
    /// file alone holds. The log of a store made since its file was last folded holds every page of that store — its mark, its
    /// size, its ledger — and <see cref="Why"/> sees nothing amiss in it: in round 64 a running server's log (7 events) copied
    /// beside a 5-event store made <c>verify</c> say OK of the other ledger's events, the store's own gone once a write folded the
    /// log in. Both must differ: the store's own log may hold its identity row changed in place (an edit `verify` and the
    /// digest leave to the record, AttackerWithTheSpecTests), never another first event. The file alone is read without locks
    /// and without the log (immutable): those two rows are written once. A file that cannot be read alone (made in its log, or
    /// read while a checkpoint writes it) is not judged.
    /// </summary>
    public static string? OfAnotherLedger(string path, SqliteConnection c, SqliteTransaction tx)
    {
        if (new FileInfo(path + "-wal") is not { Exists: true, Length: > 0 } wal) return null;
        var (ledger, first) = LedgerAndFirstEvent(c, tx);
        if (ledger is null || first is null) return null;
        try
        {
            var cs = new SqliteConnectionStringBuilder { DataSource = StoreFile.Immutable(path), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            using var alone = new SqliteConnection(cs.ToString());
            alone.Open();
            var (ownLedger, ownFirst) = LedgerAndFirstEvent(alone, null);
            return ownLedger is not null && ownFirst is not null && ownLedger != ledger && !SameValue(ownFirst, first)
                ? Foreign(wal, $"it holds the pages of another ledger ({ledger}), and the store file those of ledger {ownLedger}")
                : null;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    /// <summary>The ledger's id and the first event's id (a TEXT or a 16-byte BLOB, by the layout) as <paramref name="c"/> reads them.</summary>
    private static (string? Ledger, object? FirstEvent) LedgerAndFirstEvent(SqliteConnection c, SqliteTransaction? tx)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT (SELECT ledger_id FROM ledger WHERE id = 1), (SELECT event_id FROM events ORDER BY position LIMIT 1)";
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetValue(1));
    }

    private static bool SameValue(object a, object b) => a is byte[] x && b is byte[] y ? x.AsSpan().SequenceEqual(y) : Equals(a, b);

    /// <summary>
    /// The log, or null when it is gone since it was seen: the last connection of a process writing the store deletes its log
    /// when it closes, and may do so between the look and the open (found in round 50: a reader racing the first append to a
    /// new store was told it "cannot read the store", the log not found). A log that is gone is none: nothing foreign to refuse.
    /// </summary>
    private static Microsoft.Win32.SafeHandles.SafeFileHandle? OpenIfStillThere(string wal)
    {
        try
        {
            return File.OpenHandle(wal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <remarks>No apostrophe in these words: the error printer takes text between two of them for a quoted value and shortens it.</remarks>
    private static string Foreign(FileInfo wal, string why) =>
        $"its write-ahead log {wal.Name} beside it does not belong to it: {why}. It was copied there from another database (or the store " +
        $"was vacuumed by another program). Opening the store would make SQLite write that log into it, so neither was opened or changed: " +
        $"move {wal.Name} (and its -shm) away if it does not belong to the store, or put the store back from a backup beside its own log";
}
