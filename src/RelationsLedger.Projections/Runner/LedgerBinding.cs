using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// Which ledger, and which history of it, a read model was built from. A read model is only ever an answer
/// for the log it was built from: its file records the ledger's identity beside the checkpoints, and a read
/// model bound to another ledger (the store was replaced, a KurrentDB node was reset, another store shares
/// the file), or one whose last applied event is no longer at its place in the log (the log ends before it,
/// or an older copy of the store was written to since) is thrown away and built again.
/// </summary>
internal static class LedgerBinding
{
    public static void EnsureTable(SqliteConnection c, SqliteTransaction? tx)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            CREATE TABLE IF NOT EXISTS ledger_binding (
                id         INTEGER PRIMARY KEY CHECK (id = 1),
                ledger_id  TEXT    NOT NULL,
                store      TEXT    NOT NULL,  -- the store's description when it was bound, for messages
                deleted_from_log TEXT             -- the runs of empty positions the store's log showed when the read model was built, one a line (null: none)
            );
            """;
        cmd.ExecuteNonQuery();
        cmd.CommandText = "SELECT COUNT(*) FROM pragma_table_info('ledger_binding') WHERE name = 'deleted_from_log'";
        if ((long)cmd.ExecuteScalar()! == 0)
        {
            cmd.CommandText = "ALTER TABLE ledger_binding ADD COLUMN deleted_from_log TEXT";
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>The ledger the read model is bound to (null: none), read within the connection's transaction if it has one.</summary>
    public static (Guid LedgerId, string Store)? Read(SqliteConnection c)
    {
        // A native statement: every question reads it in its catch-up (round 24).
        using var query = new SqliteStatement(c, "SELECT ledger_id, store FROM ledger_binding WHERE id = 1");
        return query.Step() ? (Guid.Parse(query.Text(0)), query.Text(1)) : null;
    }

    public static void Write(SqliteConnection c, SqliteTransaction tx, LedgerIdentity? ledger, string store)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = ledger is null
            ? "DELETE FROM ledger_binding"
            : "INSERT INTO ledger_binding (id, ledger_id, store) VALUES (1, $id, $store) ON CONFLICT (id) DO UPDATE SET ledger_id = $id, store = $store, deleted_from_log = NULL";
        cmd.Parameters.AddWithValue("$id", ledger?.LedgerId.ToString("D") ?? "");
        cmd.Parameters.AddWithValue("$store", store);
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// Records what <see cref="DeletedFromLogAsync"/> found when the read model was built from the start: every answer from
    /// it says so (<see cref="Checkpoints.PositionAndDeletedOf"/>) until it is built again. A binding written anew forgets it.
    /// </summary>
    public static void WriteDeleted(SqliteConnection c, IReadOnlyList<string> deleted)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE ledger_binding SET deleted_from_log = $d";
        cmd.Parameters.AddWithValue("$d", deleted.Count == 0 ? DBNull.Value : string.Join('\n', deleted));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Why a read model cannot answer for this ledger as it stands (null when it can).</summary>
    public static string? Mismatch((Guid LedgerId, string Store)? bound, LedgerIdentity? ledger, GlobalPosition? checkpoint)
    {
        if (checkpoint is null && bound is null) return null; // nothing in it yet
        if (bound is null) return "it records no ledger it was built from (made by an earlier version)";
        if (ledger is null) return $"it was built from ledger {bound.Value.LedgerId:D} ({bound.Value.Store}), and the store now holds no ledger";
        if (bound.Value.LedgerId != ledger.LedgerId) return $"it was built from ledger {bound.Value.LedgerId:D} ({bound.Value.Store}), not from this store's ledger {ledger.LedgerId:D}";
        return null;
    }

    /// <summary>
    /// Why the read model's checkpoint does not stand on this log (null when it does): the event it last applied
    /// must still be at its place in its stream and in the global log. One read of one event, before a read model goes on
    /// from its checkpoint. A log that now ends before the checkpoint (a store put back from an older copy, a KurrentDB
    /// node reset to fewer events) has lost that event too. The same event at another position says the log before it is
    /// another one: an older copy of the store recorded into, then given the events it lacked by an import, holds them
    /// again at their revisions, each at a later position — going on from the checkpoint would skip what was recorded
    /// into the copy and apply again what follows the checkpoint's position.
    /// </summary>
    public static async Task<string?> LostAsync(IEventStore store, Checkpoint checkpoint, CancellationToken ct) =>
        (await StandsAsync(store, checkpoint, null, ct)).Lost;

    /// <summary>
    /// <see cref="LostAsync"/>, and, when the checkpoint stands and the store reads both at once (<see cref="IReadsEventIds"/>),
    /// whether the log holds an event of <paramref name="following"/> after it (null: not read, the catch-up reads the log after it
    /// as before). A question's catch-up asks both; read together they cost the store one read.
    /// </summary>
    public static async Task<(string? Lost, bool? AnyAfter)> StandsAsync(IEventStore store, Checkpoint checkpoint, StreamFilter? following, CancellationToken ct)
    {
        if (checkpoint.Position is not { } position) return (null, null);
        if (checkpoint.Last is not { } last) return ($"its checkpoint {position} names no event (made by an earlier version)", null);
        GlobalPosition? at;
        bool? anyAfter = null;
        if (following is not null && store is IReadsEventIds ids)
        {
            var read = await ids.EventAtAndAnyAfterAsync(last.Stream, last.Revision, position, following, ct);
            (at, anyAfter) = (read.At is { } found && found.EventId == last.EventId ? found.Position : null, read.AnyAfter);
        }
        else at = await LoggedStream.PositionOfAsync(store, last.Stream, last.Revision, last.EventId, position, ct);
        if (at == position) return (null, anyAfter);
        return (await LostAtAsync(store, position, last, at, ct), null);
    }

    /// <summary>Why the checkpoint's event, read <paramref name="at"/> (null: not there), does not stand at <paramref name="position"/>.</summary>
    private static async Task<string> LostAtAsync(IEventStore store, GlobalPosition position, AppliedEvent last, GlobalPosition? at, CancellationToken ct)
    {
        if (at is { } elsewhere)
            return $"the event it last applied ({last.EventId:D}, {last.Stream} revision {last.Revision}) is at position {elsewhere} of the log there, not at {position} " +
                "where it applied it: the log before it is another history than the one it was built from (an older copy of the store, recorded into and then given the events it lacked by an import?)";
        var gone = $"the event it last applied ({last.EventId:D}, {last.Stream} revision {last.Revision}, at {position}) is no longer in the log there: ";
        var deleted = await DeletedFromLogAsync(store, ct);
        return deleted.Count > 0
            ? gone + $"events were deleted from the store file, whose log shows positions that hold no event ({string.Join("; ", deleted)}); " +
              "'ledger verify' names them, and the read model made again holds only what is left"
            : gone + "the log is another history than the one it was built from (an older copy of the store, written to since?)";
    }

    /// <summary>
    /// The runs of positions the store's log shows empty (the embedded store: rows deleted from its file; docs/audit.md,
    /// "Positions left empty"), each as the store words it. Asked only once the checkpoint's event is gone, so that a log
    /// cut at its end is not blamed on an older copy: the store reads every position to tell (a scan a question does not pay).
    /// </summary>
    public static async Task<List<string>> DeletedFromLogAsync(IEventStore store, CancellationToken ct)
    {
        var deleted = new List<string>();
        await foreach (var h in ICountsPositions.Of(store, ct)) deleted.Add(h.How);
        return deleted;
    }
}
