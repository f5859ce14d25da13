using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite;

internal static class Writes
{
    public static async Task<ulong?> StreamRevisionAsync(SqliteConnection c, SqliteTransaction tx, string stream, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT MAX(revision) FROM events WHERE stream = $stream";
        cmd.Parameters.AddWithValue("$stream", stream);
        return await cmd.ExecuteScalarAsync(ct) is long r ? (ulong)r : null;
    }

    public static async Task<long> LastRecordedTicksAsync(SqliteConnection c, SqliteTransaction tx, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1";
        return await cmd.ExecuteScalarAsync(ct) is long t ? t : 0;
    }

    /// <summary>
    /// When every event of the append is already recorded, consecutively and in this stream, the
    /// append is a retry: its original result. An event id recorded anywhere else is refused.
    /// </summary>
    public static async Task<AppendResult?> FindRepeatAsync(SqliteConnection c, SqliteTransaction tx, string stream, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        var found = new List<(Guid Id, string Stream, long Revision, long Position)>();
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT stream, revision, position FROM events WHERE event_id = $id";
        var id = cmd.Parameters.Add("$id", SqliteType.Text);
        foreach (var e in events)
        {
            id.Value = e.EventId.ToString("D");
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) found.Add((e.EventId, reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }
        if (found.Count == 0) return null;
        var isRetry = found.Count == events.Count && found.All(f => f.Stream == stream)
            && found.Select((f, i) => f.Revision - i).Distinct().Count() == 1;
        if (!isRetry)
            throw new DuplicateEventException(found[0].Id, found[0].Stream);
        return new((ulong)found[^1].Revision, GlobalPosition.Of((ulong)found[^1].Position));
    }

    public static async Task<long> InsertAsync(SqliteConnection c, SqliteTransaction tx, string stream, ulong revision, EventData e, long recordedAt, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at)
            VALUES ($id, $stream, $revision, $type, $data, $metadata, $recorded)
            RETURNING position
            """;
        cmd.Parameters.AddWithValue("$id", e.EventId.ToString("D"));
        cmd.Parameters.AddWithValue("$stream", stream);
        cmd.Parameters.AddWithValue("$revision", (long)revision);
        cmd.Parameters.AddWithValue("$type", e.Type);
        cmd.Parameters.AddWithValue("$data", e.Data.ToArray());
        cmd.Parameters.AddWithValue("$metadata", e.Metadata.ToArray());
        cmd.Parameters.AddWithValue("$recorded", recordedAt);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
