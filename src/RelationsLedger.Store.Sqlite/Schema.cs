using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// The store file: the event table, the ledger's identity, and a mark in the file's header
/// (<c>PRAGMA application_id</c>) that tells a RelationsLedger store from any other SQLite file.
/// Positions are never reused (AUTOINCREMENT), even after a failed append.
/// </summary>
internal static class Schema
{
    /// <summary>"RLGD": the SQLite header's application id of a RelationsLedger store.</summary>
    public const int ApplicationId = SqliteFileMarks.Store;

    /// <summary>
    /// The highest version of a file this build reads (<c>PRAGMA user_version</c>); a file of a later version is not opened.
    /// Versions 1 and 2 are the highest format of the file's events (<see cref="EventData.FormatVersion"/>): a store is made at
    /// version 1 and raised to 2 by the first event whose envelope carries <c>recordedThrough</c>, in that event's transaction,
    /// so that a build before that field refuses the file by name ("a RelationsLedger store of a later version") instead of
    /// reading its event as altered. The table layout is the same in both. Version 3 is the compact layout
    /// (<see cref="CompactLayout"/>), which holds events of either format; version 4 (<see cref="ZstdLayout"/>) the same table
    /// with its values compressed otherwise.
    /// </summary>
    public const int Version = ZstdLayout;

    /// <summary>
    /// The file version of the compact layout, made by <c>ledger store upgrade</c> (<see cref="StoreUpgrade"/>): the event id
    /// as its 16 bytes in the row and its unique index, the event's JSON and its envelope in <see cref="CompactJson"/>'s form.
    /// Builds before it refuse the file as "of a later version"; a new store is still made at version 1, which they read.
    /// </summary>
    public const int CompactLayout = 3;

    /// <summary>
    /// The file version of the compact layout whose values are zstd with a dictionary (<see cref="CompactJson.Zstd"/>,
    /// <see cref="ZstdDictionary"/>) instead of Brotli: the same table and indexes as version 3, made by <c>ledger store upgrade</c>
    /// from version 1, 2 or 3. Its readers read every form, so a value of version 3 in it (none is written) would still read.
    /// </summary>
    public const int ZstdLayout = 4;

    /// <summary>
    /// The version a new store file is made at: <see cref="EventData.FirstFormat"/> (1, JSON as text), which every build reads.
    /// A store of an earlier version (the event table without the mark) keeps its layout whatever this is.
    /// </summary>
    public const int NewStoreVersion = EventData.FirstFormat;

    public static readonly string[] EventColumns = ["position", "event_id", "stream", "revision", "type", "data", "metadata", "recorded_at"];

    /// <summary>
    /// Creates what is missing: tables, mark, and (once) the ledger's identity. A file without the event table is made at
    /// <paramref name="newFileVersion"/> (<see cref="NewStoreVersion"/>, or another layout a test asks for); one that has it
    /// (a store of before the mark, version 0, or one another process made first) keeps its layout.
    /// </summary>
    public static async Task EnsureAsync(SqliteConnection connection, Guid newLedgerId, long createdAtTicks, int newFileVersion, CancellationToken ct)
    {
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL"; // not inside a transaction
            await wal.ExecuteNonQueryAsync(ct);
        }
        // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): the version and the tables are read under the write lock, so two
        // processes making the file agree on its layout.
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT (SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'events'), (SELECT user_version FROM pragma_user_version)";
        long hasEvents, version;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (hasEvents, version) = (r.GetInt64(0), r.GetInt64(1));
        }
        // A file raised since keeps its version; one of before the mark (version 0) starts at the first format.
        version = hasEvents == 0 ? newFileVersion : Math.Max(version, EventData.FirstFormat);
        var compact = hasEvents == 0 && newFileVersion >= CompactLayout;
        cmd.CommandText = $"""
            PRAGMA application_id = {ApplicationId};
            PRAGMA user_version = {version};
            {EventsTable(compact)}
            {(compact ? CompactIndexes : "")}
            {LedgerTable}
            INSERT OR IGNORE INTO ledger (id, ledger_id, created_at) VALUES (1, $id, $at);
            """;
        cmd.Parameters.AddWithValue("$id", newLedgerId.ToString("D"));
        cmd.Parameters.AddWithValue("$at", createdAtTicks);
        await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// The event table. Versions 1 and 2: the event id as TEXT, both uniques as the table's constraints. Version 3
    /// (<paramref name="compact"/>): the event id as a BLOB (the UUID's 16 bytes), the uniques as <see cref="CompactIndexes"/>,
    /// made after an upgrade has copied the rows (each index built in one pass).
    /// </summary>
    public static string EventsTable(bool compact) => $"""
        CREATE TABLE IF NOT EXISTS events (
            position    INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id    {(compact ? "BLOB    NOT NULL" : "TEXT    NOT NULL UNIQUE")},
            stream      TEXT    NOT NULL,
            revision    INTEGER NOT NULL,
            type        TEXT    NOT NULL,
            data        BLOB    NOT NULL,
            metadata    BLOB    NOT NULL,
            recorded_at INTEGER NOT NULL{(compact ? "  " : ",")} -- UTC ticks (100 ns since 0001-01-01), set by the store
            {(compact ? "" : "UNIQUE (stream, revision)")}
        );
        """;

    /// <summary>Version 3's unique indexes: the same constraints as the earlier versions' table, refused with the same error.</summary>
    public const string CompactIndexes = """
        CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id);
        CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream, revision);
        """;

    public const string LedgerTable = """
        CREATE TABLE IF NOT EXISTS ledger (
            id         INTEGER PRIMARY KEY CHECK (id = 1),
            ledger_id  TEXT    NOT NULL,  -- a random UUID given when the store was created
            created_at INTEGER NOT NULL   -- UTC ticks
        );
        """;
}
