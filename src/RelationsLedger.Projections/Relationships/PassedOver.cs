using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Projections.Runner;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// The table <c>passed_over</c>: the events of relationships' streams the projection passed over as not the ledger's
/// (<see cref="IProjection.PassOver"/>), one row each, keyed by position — so a rebuild, which reads stream by stream,
/// and the incremental path, which reads the log in order, leave the same rows.
/// </summary>
internal static class PassedOver
{
    public static void Record(ProjectionBatch batch, RelationshipKey key, RecordedEvent e, string unreadable)
    {
        using var cmd = batch.Connection.CreateCommand();
        cmd.Transaction = batch.Transaction;
        cmd.CommandText = """
            INSERT INTO passed_over (commit_position, prepare_position, position, stream, revision, event_id, type, first_party, second_party, unreadable)
            VALUES ($commit, $prepare, $position, $stream, $revision, $id, $type, $a, $b, $why)
            """;
        cmd.Parameters.AddWithValue("$commit", (long)e.Position.Commit);
        cmd.Parameters.AddWithValue("$prepare", (long)e.Position.Prepare);
        cmd.Parameters.AddWithValue("$position", e.Position.ToString());
        cmd.Parameters.AddWithValue("$stream", e.Stream);
        cmd.Parameters.AddWithValue("$revision", (long)e.Revision);
        cmd.Parameters.AddWithValue("$id", e.EventId.ToString("D"));
        cmd.Parameters.AddWithValue("$type", e.Type);
        cmd.Parameters.AddWithValue("$a", key.First.Value);
        cmd.Parameters.AddWithValue("$b", key.Second.Value);
        cmd.Parameters.AddWithValue("$why", unreadable);
        cmd.ExecuteNonQuery();
    }

    private const string Columns = "position, event_id, type, stream, revision, unreadable";

    /// <summary>How many events the projection passed over in the relationships of <paramref name="party"/> (every relationship: null).</summary>
    public static long Count(SqliteConnection c, string? party = null)
    {
        using var query = Of(c, "COUNT(*)", party);
        query.Step();
        return query.Int64(0);
    }

    /// <summary>The first event of <paramref name="stream"/> the projection passed over (null: none), as a reader of the stream would meet it.</summary>
    /// <remarks>Asked before every answer about a relationship, so a native statement (round 24 of issue #16).</remarks>
    public static PassedOverEvent? FirstIn(SqliteConnection c, string stream)
    {
        using var query = new SqliteStatement(c, $"SELECT {Columns} FROM passed_over WHERE stream = $stream ORDER BY commit_position, prepare_position LIMIT 1");
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
        using var query = Of(c, Columns, party, $"ORDER BY commit_position, prepare_position LIMIT {PassedOverEvents.Named}");
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
        new(row.Text(0), Guid.Parse(row.Text(1)), row.Text(2), row.Text(3), (ulong)row.Int64(4), row.Text(5));
}
