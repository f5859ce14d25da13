using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Sqlite;

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
    /// so that a file that is not a database fails here. Cheap enough for every connection (a native statement: every
    /// question opens one, round 24).
    /// </summary>
    public static void EnsureExists(SqliteConnection c)
    {
        bool exists;
        using (var query = new SqliteStatement(c, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checkpoints'"))
            exists = query.Step();
        if (!exists) EnsureTable(c, null);
    }

    /// <summary>The projection's checkpoint (null: none), read within the connection's transaction if it has one.</summary>
    public static Checkpoint? Read(SqliteConnection c, string projection)
    {
        // A native statement: every question reads it in its catch-up (round 24).
        using var query = new SqliteStatement(c, """
            SELECT version, commit_position, prepare_position, events_applied, updated_at, failed_event_id, failed_stream, failed_position, failure,
                last_event_id, last_stream, last_revision
            FROM checkpoints WHERE projection = $p
            """);
        query.Bind("$p", projection);
        if (!query.Step()) return null;
        GlobalPosition? position = query.IsNull(1) ? null : new GlobalPosition((ulong)query.Int64(1), (ulong)query.Int64(2));
        DateTimeOffset? updated = query.IsNull(4) ? null : new DateTimeOffset(query.Int64(4), TimeSpan.Zero);
        var failure = query.IsNull(5) ? null : new ProjectionFailure(Guid.Parse(query.Text(5)), query.Text(6), query.Text(7), query.Text(8));
        var last = query.IsNull(9) ? null : new AppliedEvent(Guid.Parse(query.Text(9)), query.Text(10), (ulong)query.Int64(11));
        return new(projection, query.Int32(0), position, query.Int64(3), updated, failure, last);
    }

    /// <summary>
    /// Where the projection's checkpoint of <paramref name="version"/> stands ("start": at none; null when it has none of that
    /// version) — the two columns <see cref="Read"/> reads for it, without the rest — and the runs of empty positions recorded
    /// when the read model was built (<see cref="LedgerBinding.WriteDeleted"/>; null: none): an answer's snapshot reads both
    /// each question, in one statement, its first read.
    /// </summary>
    public static (string? Position, IReadOnlyList<string>? DeletedFromLog) PositionAndDeletedOf(SqliteConnection c, string projection, int version)
    {
        using var query = new SqliteStatement(c, """
            SELECT c.version, c.commit_position, c.prepare_position, (SELECT deleted_from_log FROM ledger_binding WHERE id = 1)
            FROM (SELECT 1) LEFT JOIN checkpoints c ON c.projection = $p
            """);
        query.Bind("$p", projection);
        query.Step(); // one row whatever is there
        var deleted = query.IsNull(3) ? null : query.Text(3).Split('\n');
        if (query.IsNull(0) || query.Int32(0) != version) return (null, deleted);
        return (query.IsNull(1) ? "start" : new GlobalPosition((ulong)query.Int64(1), (ulong)query.Int64(2)).ToString(), deleted);
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
