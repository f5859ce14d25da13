using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Projections.Runner;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// The table <c>passed_over</c>: what the projection could not take of relationships' streams, one row each, keyed by
/// position and kind — so a rebuild, which reads stream by stream, and the incremental path, which reads the log in order,
/// leave the same rows. Kind <c>altered</c>: an event passed over as not the ledger's (<see cref="IProjection.PassOver"/>).
/// Kind <c>removed</c>: a relationship whose first event in the global log is above revision 0 — the log no longer holds
/// the ones before (<see cref="PassedOverEvent"/>).
/// </summary>
internal static class PassedOver
{
    private const string Altered = "altered", Removed = "removed";

    public static void Record(ProjectionBatch batch, RelationshipKey key, RecordedEvent e, string unreadable) =>
        Insert(batch, key, Altered, e.Position, e.Stream, e.Revision, e.EventId.ToString("D"), e.Type, unreadable);

    /// <summary>
    /// <paramref name="first"/> is the first event of its stream the projection meets and it is above revision 0: the
    /// revisions before it are not in the log. Recorded as a finding of the stream, as verify names a hidden stream.
    /// </summary>
    public static void RecordMissing(ProjectionBatch batch, RelationshipKey key, RecordedEvent first) =>
        Insert(batch, key, Removed, first.Position, first.Stream, 0, Guid.Empty.ToString("D"), "", Tombstone.Is(first)
            ? "the stream was deleted for good on the server (a tombstone) and the global log holds none of its events (a scavenge removed them)"
            : $"{(first.Revision == 1 ? "revision 0 is" : $"revisions 0–{first.Revision - 1} are")} not in the global log, whose first event of the stream is " +
              $"revision {first.Revision} (removed from the store: on KurrentDB, a scavenge after another client truncated or deleted the stream)");

    /// <summary>
    /// Deletes the rows of the events of <paramref name="first"/>'s stream passed over before it, <paramref name="first"/> being
    /// the first event of the stream the log still holds: a read model made now never meets them, and a question about the
    /// relationship would be refused naming an event the log no longer holds (and verify does not name) instead of the removal.
    /// </summary>
    public static void ForgetBefore(ProjectionBatch batch, RecordedEvent first)
    {
        using var cmd = batch.Connection.CreateCommand();
        cmd.Transaction = batch.Transaction;
        cmd.CommandText = $"DELETE FROM passed_over WHERE stream = $stream AND kind = '{Altered}' AND revision < $revision";
        cmd.Parameters.AddWithValue("$stream", first.Stream);
        cmd.Parameters.AddWithValue("$revision", (long)first.Revision);
        cmd.ExecuteNonQuery();
    }

    private static void Insert(ProjectionBatch batch, RelationshipKey key, string kind, GlobalPosition position, string stream, ulong revision, string eventId, string type, string why)
    {
        using var cmd = batch.Connection.CreateCommand();
        cmd.Transaction = batch.Transaction;
        cmd.CommandText = """
            INSERT INTO passed_over (commit_position, prepare_position, kind, position, stream, revision, event_id, type, first_party, second_party, unreadable)
            VALUES ($commit, $prepare, $kind, $position, $stream, $revision, $id, $type, $a, $b, $why)
            """;
        cmd.Parameters.AddWithValue("$commit", (long)position.Commit);
        cmd.Parameters.AddWithValue("$prepare", (long)position.Prepare);
        cmd.Parameters.AddWithValue("$kind", kind);
        cmd.Parameters.AddWithValue("$position", position.ToString());
        cmd.Parameters.AddWithValue("$stream", stream);
        cmd.Parameters.AddWithValue("$revision", (long)revision);
        cmd.Parameters.AddWithValue("$id", eventId);
        cmd.Parameters.AddWithValue("$type", type);
        cmd.Parameters.AddWithValue("$a", key.First.Value);
        cmd.Parameters.AddWithValue("$b", key.Second.Value);
        cmd.Parameters.AddWithValue("$why", why);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Whether a row of <paramref name="stream"/> is recorded (in the batch's transaction): the projection has met the stream.</summary>
    public static bool AnyIn(ProjectionBatch batch, string stream) => Exists(batch, stream, null);

    /// <summary>Whether <paramref name="stream"/> is recorded as not whole in the log (<see cref="RecordMissing"/>).</summary>
    public static bool RemovedIn(ProjectionBatch batch, string stream) => Exists(batch, stream, Removed);

    private static bool Exists(ProjectionBatch batch, string stream, string? kind)
    {
        using var cmd = batch.Connection.CreateCommand();
        cmd.Transaction = batch.Transaction;
        cmd.CommandText = $"SELECT 1 FROM passed_over WHERE stream = $stream {(kind is null ? "" : "AND kind = $kind")} LIMIT 1";
        cmd.Parameters.AddWithValue("$stream", stream);
        if (kind is not null) cmd.Parameters.AddWithValue("$kind", kind);
        return cmd.ExecuteScalar() is not null;
    }

    private const string Columns = "position, event_id, type, stream, revision, unreadable, kind";

    /// <summary>How many findings the projection recorded in the relationships of <paramref name="party"/> (every relationship: null).</summary>
    public static long Count(SqliteConnection c, string? party = null)
    {
        using var query = Of(c, "COUNT(*)", party);
        query.Step();
        return query.Int64(0);
    }

    /// <summary>
    /// How many events the projection passed over as not the ledger's (kind altered), and how many relationships the log no
    /// longer holds whole (kind removed, one row each), every relationship's: what <c>projections status</c> reports.
    /// </summary>
    public static PassedOverCounts Counts(SqliteConnection c)
    {
        using var query = new SqliteStatement(c, $"SELECT COUNT(*) FILTER (WHERE kind = '{Altered}'), COUNT(*) FILTER (WHERE kind = '{Removed}') FROM passed_over");
        query.Step();
        return new(query.Int64(0), query.Int64(1));
    }

    // In log order; at one position the removal first: it is of the revisions before the event there (RecordMissing), and says
    // more than that event's own finding — the record is not whole.
    private const string InLogOrder = $"ORDER BY commit_position, prepare_position, kind = '{Removed}' DESC";

    /// <summary>The first event of <paramref name="stream"/> the projection passed over (null: none), as a reader of the stream would meet it.</summary>
    /// <remarks>Asked before every answer about a relationship, so a native statement (round 24 of issue #16).</remarks>
    public static PassedOverEvent? FirstIn(SqliteConnection c, string stream)
    {
        using var query = new SqliteStatement(c, $"SELECT {Columns} FROM passed_over WHERE stream = $stream {InLogOrder} LIMIT 1");
        query.Bind("$stream", stream);
        return query.Step() ? Read(query) : null;
    }

    /// <summary>
    /// The events passed over in the relationships of <paramref name="party"/> (every relationship: null), the first
    /// <see cref="PassedOverEvents.Named"/> in log order named; null when there are none.
    /// </summary>
    public static PassedOverEvents? In(SqliteConnection c, string? party)
    {
        var count = Count(c, party);
        if (count == 0) return null;
        using var query = Of(c, Columns, party, $"{InLogOrder} LIMIT {PassedOverEvents.Named}");
        var named = new List<PassedOverEvent>();
        while (query.Step()) named.Add(Read(query));
        return new(count, named);
    }

    /// <summary>A select of <paramref name="what"/> from the events passed over in the relationships of <paramref name="party"/> (every relationship: null).</summary>
    private static SqliteStatement Of(SqliteConnection c, string what, string? party, string then = "")
    {
        var query = new SqliteStatement(c, $"SELECT {what} FROM passed_over {(party is null ? "" : "WHERE first_party = $party OR second_party = $party")} {then}");
        if (party is null) return query;
        try
        {
            query.Bind("$party", party);
            return query;
        }
        catch
        {
            query.Dispose(); // never left to outlive the connection's hold on the handle
            throw;
        }
    }

    private static PassedOverEvent Read(SqliteStatement row) =>
        new(row.Text(0), Guid.Parse(row.Text(1)), row.Text(2), row.Text(3), (ulong)row.Int64(4), row.Text(5),
            row.Text(6) == Removed ? TamperKind.Removed : TamperKind.Altered);
}
