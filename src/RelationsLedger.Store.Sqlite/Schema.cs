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

    /// <summary>The file's schema version (<c>PRAGMA user_version</c>); a file of a later version is not opened.</summary>
    public const int Version = 1;

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
        cmd.CommandText = $"""
            PRAGMA application_id = {ApplicationId};
            PRAGMA user_version = {Version};
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
