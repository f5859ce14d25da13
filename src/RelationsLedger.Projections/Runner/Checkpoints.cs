using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>The checkpoint table: one row per projection, written in the same transaction as the read model.</summary>
internal static class Checkpoints
{
    /// <summary>
    /// The table as this version writes it: created when missing; a table of an earlier version gets the columns of the
    /// last event, empty — its checkpoint, naming no event, is not trusted (the read model is made again once). Run when a
    /// runner first prepares the file, not on every connection (<see cref="EnsureExists"/>).
    /// </summary>
    public static void EnsureTable(SqliteConnection c, SqliteTransaction? tx)
    {
        ReadModelFile.Mark(c, tx);
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            CREATE TABLE IF NOT EXISTS checkpoints (
                projection       TEXT PRIMARY KEY,
                version          INTEGER NOT NULL,
                commit_position  INTEGER,           -- null: nothing applied yet
                prepare_position INTEGER,
                events_applied   INTEGER NOT NULL,
                updated_at       INTEGER,           -- UTC ticks
                failed_event_id  TEXT,
                failed_stream    TEXT,
                failed_position  TEXT,
                failure          TEXT,
                last_event_id    TEXT,              -- the event at the checkpoint (null: nothing applied yet)
                last_stream      TEXT,
                last_revision    INTEGER
            );
            """;
        cmd.ExecuteNonQuery();
        cmd.CommandText = "SELECT COUNT(*) FROM pragma_table_info('checkpoints') WHERE name = 'last_event_id'";
        if ((long)cmd.ExecuteScalar()! == 0)
        {
            cmd.CommandText = "ALTER TABLE checkpoints ADD COLUMN last_event_id TEXT; ALTER TABLE checkpoints ADD COLUMN last_stream TEXT; ALTER TABLE checkpoints ADD COLUMN last_revision INTEGER;";
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Makes sure the table is there (a new file gets it as this version writes it) — which also reads the file's schema,
    /// so that a file that is not a database fails here. Cheap enough for every connection.
    /// </summary>
    public static void EnsureExists(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checkpoints'";
        if (cmd.ExecuteScalar() is null) EnsureTable(c, null);
    }

    public static Checkpoint? Read(SqliteConnection c, SqliteTransaction? tx, string projection)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            SELECT version, commit_position, prepare_position, events_applied, updated_at, failed_event_id, failed_stream, failed_position, failure,
                last_event_id, last_stream, last_revision
            FROM checkpoints WHERE projection = $p
            """;
        cmd.Parameters.AddWithValue("$p", projection);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        GlobalPosition? position = r.IsDBNull(1) ? null : new GlobalPosition((ulong)r.GetInt64(1), (ulong)r.GetInt64(2));
        DateTimeOffset? updated = r.IsDBNull(4) ? null : new DateTimeOffset(r.GetInt64(4), TimeSpan.Zero);
        var failure = r.IsDBNull(5) ? null : new ProjectionFailure(Guid.Parse(r.GetString(5)), r.GetString(6), r.GetString(7), r.GetString(8));
        var last = r.IsDBNull(9) ? null : new AppliedEvent(Guid.Parse(r.GetString(9)), r.GetString(10), (ulong)r.GetInt64(11));
        return new(projection, r.GetInt32(0), position, r.GetInt64(3), updated, failure, last);
    }

    public static void Write(SqliteConnection c, SqliteTransaction tx, Checkpoint cp)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO checkpoints (projection, version, commit_position, prepare_position, events_applied, updated_at, failed_event_id, failed_stream, failed_position, failure,
                last_event_id, last_stream, last_revision)
            VALUES ($p, $v, $commit, $prepare, $n, $at, $fid, $fstream, $fpos, $fmsg, $lid, $lstream, $lrev)
            ON CONFLICT (projection) DO UPDATE SET version = $v, commit_position = $commit, prepare_position = $prepare, events_applied = $n,
                updated_at = $at, failed_event_id = $fid, failed_stream = $fstream, failed_position = $fpos, failure = $fmsg,
                last_event_id = $lid, last_stream = $lstream, last_revision = $lrev
            """;
        cmd.Parameters.AddWithValue("$p", cp.Projection);
        cmd.Parameters.AddWithValue("$v", cp.Version);
        cmd.Parameters.AddWithValue("$commit", cp.Position is { } p ? (long)p.Commit : DBNull.Value);
        cmd.Parameters.AddWithValue("$prepare", cp.Position is { } q ? (long)q.Prepare : DBNull.Value);
        cmd.Parameters.AddWithValue("$n", cp.EventsApplied);
        cmd.Parameters.AddWithValue("$at", cp.UpdatedAt is { } at ? at.UtcTicks : DBNull.Value);
        cmd.Parameters.AddWithValue("$fid", (object?)cp.Failure?.EventId.ToString("D") ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$fstream", (object?)cp.Failure?.Stream ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$fpos", (object?)cp.Failure?.Position ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$fmsg", (object?)cp.Failure?.Message ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$lid", (object?)cp.Last?.EventId.ToString("D") ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$lstream", (object?)cp.Last?.Stream ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$lrev", cp.Last is { } l ? (long)l.Revision : DBNull.Value);
        cmd.ExecuteNonQuery();
    }
}
