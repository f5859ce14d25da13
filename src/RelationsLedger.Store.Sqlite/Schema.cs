using Microsoft.Data.Sqlite;

namespace RelationsLedger.Store.Sqlite;

/// <summary>The event table. Positions are never reused (AUTOINCREMENT), even after a failed append.</summary>
internal static class Schema
{
    public static async Task EnsureAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            PRAGMA journal_mode = WAL;
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
            """;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
