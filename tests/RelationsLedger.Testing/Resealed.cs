using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Testing;

/// <summary>
/// An envelope sealed again for an event whose content was changed (a copy under a new id, an edited field or type), as another
/// client with the hash's specification (docs/audit.md) would: every reader of the log takes an event whose content does not
/// produce its hash for one that is not the ledger's, so a forgery meant to read as the ledger's must carry its own hash.
/// </summary>
public static class Resealed
{
    public static byte[] Metadata(string stream, Guid id, string type, byte[] data, JsonObject metadata)
    {
        var envelope = Envelope.ReadStored(Encoding.UTF8.GetBytes(metadata.ToJsonString()), out var unreadable)
            ?? throw new InvalidOperationException(unreadable);
        metadata["hash"] = EventHash.Compute(stream, id, type, envelope.SchemaVersion, envelope.EffectiveDate, envelope.RecordedBy, envelope.Sources,
            envelope.CorrelationId, envelope.CausationId, data, envelope.PreviousHash, envelope.RecordedThrough);
        return Encoding.UTF8.GetBytes(metadata.ToJsonString());
    }

    /// <summary>
    /// Seals again, in an embedded store's file of any layout, the rows <paramref name="where"/> selects (SQL that may use
    /// <see cref="StoredJson"/>'s functions, <c>id_of(event_id) = '…'</c> above all), after a test edited them: each row's
    /// own hash made to match its content, its envelope stored in the row's own form (the chain to later events is not mended).
    /// </summary>
    public static async Task RowsAsync(string storeFile, string where)
    {
        await using var connection = await StoredJson.OpenAsync(storeFile);
        await RowsAsync(connection, where);
    }

    /// <summary>The same on an open connection (in a transaction begun with SQL, when the edit and the seal must be one change).</summary>
    public static async Task RowsAsync(SqliteConnection connection, string where)
    {
        StoredJson.Register(connection);
        var rows = new List<(long RowId, string Stream, Guid Id, string Type, string Data, string Metadata)>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT rowid, stream, id_of(event_id), type, json_of(data), json_of(metadata) FROM events WHERE {where}";
            await using var r = await read.ExecuteReaderAsync();
            while (await r.ReadAsync())
                rows.Add((r.GetInt64(0), r.GetString(1), Guid.Parse(r.GetString(2)), r.GetString(3), r.GetString(4), r.GetString(5)));
        }
        foreach (var row in rows)
        {
            var sealedEnvelope = Metadata(row.Stream, row.Id, row.Type, Encoding.UTF8.GetBytes(row.Data), (JsonObject)JsonNode.Parse(row.Metadata)!);
            await using var write = connection.CreateCommand();
            write.CommandText = "UPDATE events SET metadata = stored_like(metadata, $m) WHERE rowid = $r";
            write.Parameters.AddWithValue("$m", Encoding.UTF8.GetString(sealedEnvelope));
            write.Parameters.AddWithValue("$r", row.RowId);
            await write.ExecuteNonQueryAsync();
        }
    }
}
