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
    /// The version is the highest format of the file's events (<see cref="EventData.FormatVersion"/>): a store is made at
    /// version 1 and raised to 2 by the first event whose envelope carries <c>recordedThrough</c>, in that event's transaction,
    /// so that a build before that field refuses the file by name ("a RelationsLedger store of a later version") instead of
    /// reading its event as altered. The table layout is the same in both.
    /// </summary>
    public const int Version = EventData.LatestFormat;

    public static readonly string[] EventColumns = ["position", "event_id", "stream", "revision", "type", "data", "metadata", "recorded_at"];

    /// <summary>Creates what is missing: tables, mark, and (once) the ledger's identity.</summary>
    public static async Task EnsureAsync(SqliteConnection connection, Guid newLedgerId, long createdAtTicks, CancellationToken ct)
    {
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL"; // not inside a transaction
            await wal.ExecuteNonQueryAsync(ct);
        }
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        // A new file (or one of before the mark, version 0) starts at the first format; a file raised since keeps its version.
        cmd.CommandText = "PRAGMA user_version";
        var version = Math.Max((long)(await cmd.ExecuteScalarAsync(ct))!, EventData.FirstFormat);
        cmd.CommandText = $"""
            PRAGMA application_id = {ApplicationId};
            PRAGMA user_version = {version};
            CREATE TABLE IF NOT EXISTS events (
                position    INTEGER PRIMARY KEY AUTOINCREMENT,
                event_id    TEXT    NOT NULL UNIQUE,
                stream      TEXT    NOT NULL,
                revision    INTEGER NOT NULL,
                type        TEXT    NOT NULL,
                data        BLOB    NOT NULL,
                metadata    BLOB    NOT NULL,
                recorded_at INTEGER NOT NULL, -- UTC ticks (100 ns since 0001-01-01), set by the store
                UNIQUE (stream, revision)
            );
            CREATE TABLE IF NOT EXISTS ledger (
                id         INTEGER PRIMARY KEY CHECK (id = 1),
                ledger_id  TEXT    NOT NULL,  -- a random UUID given when the store was created
                created_at INTEGER NOT NULL   -- UTC ticks
            );
            INSERT OR IGNORE INTO ledger (id, ledger_id, created_at) VALUES (1, $id, $at);
            """;
        cmd.Parameters.AddWithValue("$id", newLedgerId.ToString("D"));
        cmd.Parameters.AddWithValue("$at", createdAtTicks);
        await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }
}
