using Microsoft.Data.Sqlite;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// Prepared statements on one connection: the write path runs them thousands of times per transaction,
/// and a live read model, which commits a transaction per event or two, reuses them from one
/// transaction to the next (<see cref="Use"/>) rather than preparing them again for every batch.
/// </summary>
internal sealed class RowWriter : IDisposable
{
    private readonly SqliteCommand _insertItem, _supersedeItem, _deleteItem, _insertFact, _supersedeFact, _deleteFact, _updateCounters;

    public SqliteConnection Connection { get; }

    public SqliteTransaction Transaction { get; private set; }

    /// <summary>In a bulk load row ids are never needed again (a relationship is written when it ends): no RETURNING.</summary>
    public bool Bulk { get; }

    public RowWriter(SqliteConnection c, SqliteTransaction tx, bool bulk = false)
    {
        (Connection, Transaction, Bulk) = (c, tx, bulk);
        _insertItem = Command(c, tx, $"""
            INSERT INTO item_versions (rel_id, kind, ordinal, actor, counterpart, level, event_id, valid_from, valid_to, recorded_from, superseded_at, payload)
            VALUES ($rel, $kind, $ordinal, $actor, $counterpart, $level, $event, $from, $to, $recorded, $superseded, $payload)
            {(bulk ? "" : "RETURNING id")}
            """, "$rel", "$kind", "$ordinal", "$actor", "$counterpart", "$level", "$event", "$from", "$to", "$recorded", "$payload", "$superseded");
        _supersedeItem = Command(c, tx, "UPDATE item_versions SET superseded_at = $at WHERE id = $id", "$at", "$id");
        _deleteItem = Command(c, tx, "DELETE FROM item_versions WHERE id = $id", "$id");
        _insertFact = Command(c, tx, $"""
            INSERT INTO facts (rel_id, event_id, revision, type, effective, start_day, end_day, recorded_at, recorded_from, superseded_at)
            VALUES ($rel, $event, $revision, $type, $effective, $start, $end, $recordedAt, $recorded, $superseded)
            {(bulk ? "" : "RETURNING id")}
            """, "$rel", "$event", "$revision", "$type", "$effective", "$start", "$end", "$recordedAt", "$recorded", "$superseded");
        _supersedeFact = Command(c, tx, "UPDATE facts SET superseded_at = $at WHERE id = $id", "$at", "$id");
        _deleteFact = Command(c, tx, "DELETE FROM facts WHERE id = $id", "$id");
        _updateCounters = Command(c, tx, "UPDATE relationships SET events = $n, last_position = $pos, last_recorded_at = $at WHERE id = $id", "$n", "$pos", "$at", "$id");
    }

    /// <summary>Runs the same prepared statements in the next transaction of the same connection.</summary>
    public void Use(SqliteTransaction tx)
    {
        foreach (var cmd in Statements) cmd.Transaction = tx;
        Transaction = tx;
    }

    /// <summary>A relationship's counters after the last event applied to it.</summary>
    public void UpdateCounters(long relId, long events, string lastPosition, long lastRecordedAt)
    {
        var p = _updateCounters.Parameters;
        (p[0].Value, p[1].Value, p[2].Value, p[3].Value) = (events, lastPosition, lastRecordedAt, relId);
        _updateCounters.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction tx, string sql, params string[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var p in parameters) cmd.Parameters.Add(new SqliteParameter(p, null));
        cmd.Prepare();
        return cmd;
    }

    /// <summary>Writes a row kept in memory so far: current, or already superseded at <paramref name="supersededAt"/>.</summary>
    public long InsertItem(long relId, Segment s, long recordedAt, long supersededAt = Schema.NotSuperseded)
    {
        var (actor, counterpart, level) = s.Kind.IndexOf(s.Item);
        var p = _insertItem.Parameters;
        p[0].Value = relId;
        p[1].Value = s.Kind.Code;
        p[2].Value = s.Ordinal;
        p[3].Value = (object?)actor ?? DBNull.Value;
        p[4].Value = (object?)counterpart ?? DBNull.Value;
        p[5].Value = (object?)level ?? DBNull.Value;
        p[6].Value = StateItems.EventIdOf(s.Item).ToString("D");
        p[7].Value = s.From;
        p[8].Value = s.To;
        p[9].Value = recordedAt;
        p[10].Value = Json(s.Item);
        p[11].Value = supersededAt;
        return Insert(_insertItem);
    }

    /// <summary>
    /// Ends a row's knowledge interval at <paramref name="at"/>; a row that never was visible
    /// (created and superseded at the same recorded moment) is deleted instead.
    /// </summary>
    public void SupersedeItem(Segment s, long at) => Supersede(_supersedeItem, _deleteItem, s.RowId, s.RecordedFrom, at);

    public long InsertFact(long relId, Fact f, long recordedFrom, long supersededAt = Schema.NotSuperseded)
    {
        var p = _insertFact.Parameters;
        p[0].Value = relId;
        p[1].Value = f.EventId.ToString("D");
        p[2].Value = f.Revision;
        p[3].Value = f.Type;
        p[4].Value = f.EffectiveDate.ToString();
        p[5].Value = f.EffectiveDate.Start.DayNumber;
        p[6].Value = f.EffectiveDate.End.DayNumber;
        p[7].Value = f.RecordedAt.UtcTicks;
        p[8].Value = recordedFrom;
        p[9].Value = supersededAt;
        return Insert(_insertFact);
    }

    public void SupersedeFact(long rowId, long recordedFrom, long at) => Supersede(_supersedeFact, _deleteFact, rowId, recordedFrom, at);

    private static void Supersede(SqliteCommand update, SqliteCommand delete, long rowId, long recordedFrom, long at)
    {
        if (recordedFrom == at)
        {
            delete.Parameters[0].Value = rowId;
            delete.ExecuteNonQuery();
            return;
        }
        update.Parameters[0].Value = at;
        update.Parameters[1].Value = rowId;
        update.ExecuteNonQuery();
    }

    /// <summary>
    /// An item is usually written more than once (the version that is superseded, then its cut copy):
    /// items are immutable, so each object is serialised once.
    /// </summary>
    private string Json(object item)
    {
        if (_json.TryGetValue(item, out var json)) return json;
        if (_json.Count >= 4096) _json.Clear();
        return _json[item] = StateItems.Serialize(item);
    }

    private readonly Dictionary<object, string> _json = new(ReferenceEqualityComparer.Instance);

    /// <summary>The new row's id; -1 in a bulk load (written, id not needed).</summary>
    private long Insert(SqliteCommand insert)
    {
        if (!Bulk) return (long)insert.ExecuteScalar()!;
        insert.ExecuteNonQuery();
        return -1;
    }

    /// <summary>A row stops holding at <paramref name="at"/>: one only in memory is written whole (or not at all if never visible).</summary>
    public void Retire(long relId, Segment s, long at)
    {
        if (s.RowId != 0) SupersedeItem(s, at);
        else if (s.RecordedFrom != at) InsertItem(relId, s, s.RecordedFrom, at);
    }

    public void Retire(long relId, FactRow f, long at)
    {
        if (f.RowId != 0)
        {
            SupersedeFact(f.RowId, f.RecordedFrom, at);
            return;
        }
        if (f.RecordedFrom != at) InsertFact(relId, f.Form, f.RecordedFrom, at);
    }

    /// <summary>Writes a current row that is only in memory so far.</summary>
    public void WriteCurrent(long relId, Segment s)
    {
        if (s.RowId == 0 && !s.Superseded) s.RowId = InsertItem(relId, s, s.RecordedFrom);
    }

    public void WriteCurrent(long relId, FactRow f)
    {
        if (f.RowId == 0 && !f.Superseded) f.RowId = InsertFact(relId, f.Form, f.RecordedFrom);
    }

    /// <summary>Every statement this writer prepared: moved to the next transaction together, disposed together.</summary>
    private SqliteCommand[] Statements => [_insertItem, _supersedeItem, _deleteItem, _insertFact, _supersedeFact, _deleteFact, _updateCounters];

    public void Dispose()
    {
        foreach (var cmd in Statements) cmd.Dispose();
    }
}
