using System.Buffers;
using Microsoft.Data.Sqlite;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// Prepared statements on one connection: the write path runs them thousands of times per transaction,
/// and a live read model, which commits a transaction per event or two, reuses them from one
/// transaction to the next rather than preparing them again for every batch (they run in whichever
/// transaction the connection has open).
/// </summary>
internal sealed class RowWriter : IDisposable
{
    private readonly SqliteStatement _supersedeItem, _deleteItem, _supersedeFact, _deleteFact, _updateCounters, _addType, _codeOfType;

    /// <summary>The two tables' inserts: in a bulk load, rows written many to a statement (<see cref="RowInserts"/>).</summary>
    private readonly RowInserts _items, _facts;

    /// <summary>
    /// The codes of the fact types this writer has written (<see cref="FactTypes"/>). They hold as long as the writer does: a code
    /// is never changed in place, only with the whole file (a rebuild: another generation, and the runner forgets this writer), and
    /// a batch rolled back is forgotten with its writer too.
    /// </summary>
    private readonly Dictionary<string, long> _typeCodes = new(StringComparer.Ordinal);
    private bool _closed;

    public ReadModelConnection Connection { get; }

    /// <summary>In a bulk load row ids are never needed again (a relationship is written when it ends).</summary>
    public bool Bulk { get; }

    /// <summary>False once the connection has closed: the statements were finalized with it.</summary>
    public bool IsOpen => !_closed;

    public RowWriter(ReadModelConnection c, bool bulk = false)
    {
        (Connection, Bulk) = (c, bulk);
        var prepared = new List<SqliteStatement>(11);
        SqliteStatement Prepare(string sql)
        {
            var statement = new SqliteStatement(c, sql);
            prepared.Add(statement);
            return statement;
        }
        try
        {
            _items = new RowInserts(Prepare, "item_versions",
                ["rel_id", "kind", "ordinal", "actor", "counterpart", "level", "valid_from", "valid_to", "recorded_from", "superseded_at", "payload"], bulk);
            _supersedeItem = Prepare("UPDATE item_versions SET superseded_at = ?1 WHERE id = ?2");
            _deleteItem = Prepare("DELETE FROM item_versions WHERE id = ?1");
            _facts = new RowInserts(Prepare, "facts",
                ["rel_id", "event_id", "revision", "type", "start_day", "end_day", "recorded_at", "recorded_from", "superseded_at"], bulk);
            _supersedeFact = Prepare("UPDATE facts SET superseded_at = ?1 WHERE id = ?2");
            _deleteFact = Prepare("DELETE FROM facts WHERE id = ?1");
            _updateCounters = Prepare("UPDATE relationships SET events = ?1, last_position = ?2, last_recorded_at = ?3 WHERE id = ?4");
            _addType = Prepare(FactTypes.Add);
            _codeOfType = Prepare(FactTypes.CodeOf);
        }
        catch
        {
            foreach (var statement in prepared) statement.Dispose(); // those prepared before the one that failed
            throw;
        }
        // Native statements must not outlive the connection's hold on its handle (a pooled handle would carry
        // them to its next user; a closed one would stay open as a zombie holding the file).
        c.Closing += Dispose;
    }

    /// <summary>A relationship's counters after the last event applied to it.</summary>
    public void UpdateCounters(long relId, long events, string lastPosition, long lastRecordedAt)
    {
        _updateCounters.Bind(1, events);
        _updateCounters.Bind(2, lastPosition);
        _updateCounters.Bind(3, lastRecordedAt);
        _updateCounters.Bind(4, relId);
        _updateCounters.Execute();
    }

    /// <summary>Writes a row kept in memory so far: current, or already superseded at <paramref name="supersededAt"/>.</summary>
    public long InsertItem(long relId, Segment s, long recordedAt, long supersededAt = Schema.NotSuperseded)
    {
        var (actor, counterpart, level) = s.Kind.IndexOf(s.Item);
        var row = _items;
        row.Start();
        row.Add(relId);
        row.Add(s.Kind.Code);
        row.Add(s.Ordinal);
        row.Add(actor);
        row.Add(counterpart);
        row.Add(level);
        row.Add(s.From);
        row.Add(s.To);
        row.Add(recordedAt);
        row.Add(supersededAt);
        row.Add(Payload(s.Kind, s.Item));
        return row.End();
    }

    /// <summary>
    /// Ends a row's knowledge interval at <paramref name="at"/>; a row that never was visible
    /// (created and superseded at the same recorded moment) is deleted instead.
    /// </summary>
    public void SupersedeItem(Segment s, long at) => Supersede(_supersedeItem, _deleteItem, s.RowId, s.RecordedFrom, at);

    public long InsertFact(long relId, Fact f, long recordedFrom, long supersededAt = Schema.NotSuperseded)
    {
        var type = TypeCode(f.Type);
        var row = _facts;
        row.Start();
        row.Add(relId);
        row.Add(f.EventId);
        row.Add(f.Revision);
        row.Add(type);
        row.Add(f.EffectiveDate.Start.DayNumber);
        row.Add(f.EffectiveDate.End.DayNumber);
        row.Add(f.RecordedAt.UtcTicks);
        row.Add(recordedFrom);
        row.Add(supersededAt);
        return row.End();
    }

    /// <summary>In a bulk load, inserts the rows still waiting (<see cref="RowInserts"/>): called before the rows are read and before the load ends.</summary>
    public void Flush()
    {
        _items.Flush();
        _facts.Flush();
    }

    /// <summary>The type's code in <c>fact_types</c>, given it the first time the file holds a fact of it.</summary>
    private long TypeCode(string type)
    {
        if (_typeCodes.TryGetValue(type, out var code)) return code;
        _addType.Bind(1, type);
        _addType.Execute();
        _codeOfType.Bind(1, type);
        try
        {
            code = _codeOfType.Step() ? _codeOfType.Int64(0) : throw new InvalidOperationException($"The fact type {type} was added to fact_types and is not there.");
        }
        finally
        {
            _codeOfType.Reset();
        }
        return _typeCodes[type] = code;
    }

    public void SupersedeFact(long rowId, long recordedFrom, long at) => Supersede(_supersedeFact, _deleteFact, rowId, recordedFrom, at);

    private static void Supersede(SqliteStatement update, SqliteStatement delete, long rowId, long recordedFrom, long at)
    {
        if (recordedFrom == at)
        {
            delete.Bind(1, rowId);
            delete.Execute();
            return;
        }
        update.Bind(1, at);
        update.Bind(2, rowId);
        update.Execute();
    }

    /// <summary>
    /// The item's binary form (<see cref="ItemCodec"/>), written into one buffer this writer keeps and bound from there (SQLite copies it): no array per row.
    /// Some items are written twice (a version superseded, then its cut copy: 15 % of a rebuild's rows), which a cache of each
    /// item's bytes saved — at an array per item, a rebuild's largest allocation of the projection's own (round 42).
    /// </summary>
    private ReadOnlySpan<byte> Payload(ItemKind kind, object item)
    {
        _buffer.ResetWrittenCount();
        ItemCodec.Write(kind, item, _buffer);
        return _buffer.WrittenSpan;
    }

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

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

    /// <summary>Every statement this writer prepared: finalized together.</summary>
    private IDisposable[] Statements => [_items, _supersedeItem, _deleteItem, _facts, _supersedeFact, _deleteFact, _updateCounters, _addType, _codeOfType];

    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        Connection.Closing -= Dispose;
        foreach (var statement in Statements) statement.Dispose();
    }
}
