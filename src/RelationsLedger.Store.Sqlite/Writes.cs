using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// The write statements of the store's writer connection, each prepared once and run again with new
/// parameters: neither a batch of thousands of events nor a stream of single-event commits pays
/// SQLite's statement compilation more than once — the group's <c>BEGIN IMMEDIATE</c> and <c>COMMIT</c> too.
/// </summary>
internal sealed class Writes(SqliteConnection c) : IAsyncDisposable
{
    private SqliteCommand? _findId;
    private SqliteStatement? _dataVersion, _fileVersion, _insert, _revision, _end, _begin, _commit, _rollback;

    /// <summary>
    /// <c>BEGIN IMMEDIATE</c>: the write lock, taken now. Waits up to a second while another connection holds it, then is refused
    /// (<see cref="SqliteBusy"/>): the group writer tries again until its timeout, and looks at its callers' cancellation between
    /// tries. A native statement prepared once, as <c>COMMIT</c> and <c>ROLLBACK</c> below: a
    /// <see cref="SqliteTransaction"/> compiled each of them again at every group commit, through a command made for it
    /// (docs/performance.md, round 69). The statements after it run in the transaction as a command's would.
    /// </summary>
    public void Begin() => (_begin ??= new SqliteStatement(c, "BEGIN IMMEDIATE", busySeconds: 1)).Execute();

    /// <summary>Commits the open transaction: the log's frames written and, at FULL, synced.</summary>
    public void Commit() => (_commit ??= new SqliteStatement(c, "COMMIT")).Execute();

    /// <summary>Rolls back the transaction when one is still open (not committed; SQLite may have rolled it back itself on an I/O error).</summary>
    public void RollbackIfOpen()
    {
        var rollback = _rollback ??= new SqliteStatement(c, "ROLLBACK");
        if (rollback.InTransaction) rollback.Execute();
    }

    /// <summary>A savepoint of the open transaction (a caller's, or an append's), and its end: only on a group written again caller by caller.</summary>
    public void Savepoint(string name) => Run($"SAVEPOINT \"{name}\"");

    public void RollbackTo(string name) => Run($"ROLLBACK TO SAVEPOINT \"{name}\"");

    public void Release(string name) => Run($"RELEASE SAVEPOINT \"{name}\"");

    private void Run(string sql)
    {
        using var statement = new SqliteStatement(c, sql);
        statement.Execute();
    }

    /// <summary>
    /// The stream's last revision; null for a stream with no events. A native statement, as the two below: asked once per append of
    /// every group commit, where a <see cref="SqliteCommand"/>'s reader and boxed result cost more than SQLite's answer
    /// (docs/performance.md, round 65).
    /// </summary>
    public ulong? StreamRevision(string stream)
    {
        var query = _revision ??= new SqliteStatement(c, "SELECT MAX(revision) FROM events WHERE stream = ?1");
        try
        {
            query.Bind(1, stream);
            return query.Step() && !query.IsNull(0) ? (ulong)query.Int64(0) : null;
        }
        finally
        {
            query.Reset();
        }
    }

    /// <summary>
    /// The log's last event — its position and recorded time (UTC ticks); null when the log is empty — and the store's counter of
    /// positions given out (<c>sqlite_sequence</c>; 0 before the first event), in one statement: once per group commit. Both are
    /// the last row of a b-tree: the counter's table holds one row per AUTOINCREMENT table, this file's one.
    /// </summary>
    /// <remarks>
    /// The last event is joined by its position (<c>MAX(position)</c>: a seek to the table's last row), not as a subquery
    /// <c>ORDER BY position DESC LIMIT 1</c> on the right of a <c>LEFT JOIN</c>: SQLite materialized that subquery in a temporary
    /// table of its own, made and dropped at every run — a b-tree, a pager and a page cache opened and closed at every group commit
    /// (docs/performance.md, round 69). The same row.
    /// </remarks>
    public LogEnd End()
    {
        var query = _end ??= new SqliteStatement(c, """
            SELECT e.position, e.recorded_at, s.seq
            FROM (SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0) AS seq) s
            LEFT JOIN events e ON e.position = (SELECT MAX(position) FROM events)
            """);
        try
        {
            query.Step();
            return new(query.IsNull(0) ? null : (query.Int64(0), query.Int64(1)), query.Int64(2));
        }
        finally
        {
            query.Reset();
        }
    }

    /// <summary>
    /// When every event of the append is already recorded, consecutively and in this stream, the
    /// append is a retry: its original result. An event id recorded anywhere else is refused.
    /// </summary>
    public async Task<AppendResult?> FindRepeatAsync(string stream, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        var found = new List<(Guid Id, string Stream, long Revision, long Position, long RecordedAt)>();
        // The id in the form this file's rows hold it (as InsertAsync writes it): one probe of the unique index.
        var cmd = _findId ??= Prepare("SELECT stream, revision, position, recorded_at FROM events WHERE event_id = $id", ("$id", SqliteType.Text));
        foreach (var e in events)
        {
            cmd.Parameters[0].SqliteType = Compact ? SqliteType.Blob : SqliteType.Text;
            cmd.Parameters[0].Value = Id(e.EventId);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) found.Add((e.EventId, reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
        if (found.Count == 0) return null;
        var isRetry = found.Count == events.Count && found.All(f => f.Stream == stream)
            && found.Select((f, i) => f.Revision - i).Distinct().Count() == 1;
        if (!isRetry)
            throw new DuplicateEventException(found[0].Id, found[0].Stream);
        return new((ulong)found[^1].Revision, GlobalPosition.Of((ulong)found[^1].Position), Repeated: true)
        {
            RecordedAt = new DateTimeOffset(found[^1].RecordedAt, TimeSpan.Zero),
        };
    }

    /// <summary>
    /// SQLite's <c>PRAGMA data_version</c> of the writer connection: it changes when, and only when, another
    /// connection (of this process or any other) has committed to the file since it was last asked. Asked inside a group's
    /// transaction too (under its write lock): the statement runs in whatever transaction the connection has open.
    /// </summary>
    /// <remarks>
    /// A native statement, not a <see cref="SqliteCommand"/>: it is asked three times per group commit and once more per
    /// command whose stream's end this writer knows, and the command's reader, statement enumeration and boxed result cost
    /// more than SQLite's answer (docs/performance.md, round 32).
    /// </remarks>
    public long DataVersion()
    {
        var query = _dataVersion ??= new SqliteStatement(c, "PRAGMA data_version");
        try
        {
            return query.Step() ? query.Int64(0) : throw new InvalidOperationException("PRAGMA data_version gave no row.");
        }
        finally
        {
            query.Reset();
        }
    }

    /// <summary>
    /// Whether the rows this transaction inserts are written in the compact layout (<see cref="Schema.CompactLayout"/>): read from the
    /// file's version at the start of each group (<see cref="ReadLayout"/>), under its write lock, so a file upgraded since the
    /// last group is written as what it is now.
    /// </summary>
    public bool Compact => _version >= Schema.CompactLayout;

    /// <summary>The compact form this transaction writes its values in: zstd in a version 4 file, Brotli in a version 3 one.</summary>
    private byte CompactForm => _version >= Schema.ZstdLayout ? CompactJson.Zstd : CompactJson.Compact;

    /// <summary>The file's version as this transaction read it (<see cref="ReadLayout"/>) or raised it: no other writer changes it under the lock.</summary>
    private long _version;

    /// <summary>Reads the file's version in the open transaction (a native statement: once per group commit).</summary>
    public void ReadLayout()
    {
        var query = _fileVersion ??= new SqliteStatement(c, "PRAGMA user_version");
        try
        {
            _version = query.Step() ? query.Int64(0) : 0;
        }
        finally
        {
            query.Reset();
        }
    }

    /// <summary>
    /// Raises the file's version (<c>PRAGMA user_version</c>, <see cref="Schema.Version"/>) to <paramref name="format"/> in the
    /// open transaction when it is lower, so the file says it holds an event of that format once, and only once, the event is
    /// committed. Asked only for a group that holds an event of a later format than the first.
    /// </summary>
    public async Task RaiseVersionAsync(int format, CancellationToken ct)
    {
        if (_version >= format) return; // read by ReadLayout at the start of this transaction, under the same lock
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"PRAGMA user_version = {format}";
        await cmd.ExecuteNonQueryAsync(ct);
        _version = format;
    }

    /// <summary>Rows inserted on this connection: tells whether a refused append had written anything yet.</summary>
    public long Inserted { get; private set; }

    /// <summary>
    /// Inserts one event's row and gives its position. A native statement, bound by position (<see cref="SqliteStatement"/>): an import
    /// or a generated ledger inserts a million rows through it, and through a <see cref="SqliteCommand"/> each row paid the command's
    /// parameters looked up and converted, its reader and its boxed result — most of the managed CPU of an import's append phase (docs/performance.md,
    /// round 46). The same SQL, the same values and types in the row.
    /// </summary>
    /// <remarks>
    /// The position is the row's rowid (<c>position INTEGER PRIMARY KEY</c>), asked of the connection after the insert, not by
    /// <c>RETURNING position</c>: SQLite gathers a <c>RETURNING</c> statement's rows in a temporary table of its own, made and dropped
    /// at every run — a b-tree and a page cache opened and closed for each event written (docs/performance.md, rounds 36 and 65).
    /// </remarks>
    public long Insert(string stream, ulong revision, EventData e, long recordedAt)
    {
        var insert = _insert ??= new SqliteStatement(c, """
            INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """);
        try
        {
            // The id as TEXT in a version 1 or 2 file (as builds before version 3 wrote and read it), its 16 bytes in the compact layout.
            if (Compact) insert.BindBytes(1, e.EventId);
            else insert.Bind(1, e.EventId);
            insert.Bind(2, stream);
            insert.Bind(3, (long)revision);
            insert.Bind(4, e.Type);
            insert.BindBlob(5, Compact ? CompactJson.Encode(e.Data.Span, CompactForm) : e.Data.Span);
            insert.BindBlob(6, Compact ? CompactJson.Encode(e.Metadata.Span, CompactForm) : e.Metadata.Span);
            insert.Bind(7, recordedAt);
            insert.Step();
            // No row changed: something in the file dropped it (a trigger added while the store was open: StoreFile refuses a file that
            // holds one when it is opened). The transaction is rolled back by the caller, so nothing of the append is kept.
            if (insert.Changes != 1)
                throw new StoreUnavailableException($"The store dropped the row of event {e.EventId} ({e.Type} in {stream}) as it was written: only " +
                    "something in the file does that, such as a trigger (the ledger makes none). Nothing of this append was recorded; look at the " +
                    "file's schema (sqlite3 FILE .schema).");
            var position = insert.LastInsertRowId;
            Inserted++;
            return position;
        }
        finally
        {
            insert.Reset(); // also after a refused row (a unique constraint): the statement runs again for the next
        }
    }

    /// <summary>An event id as this file's rows hold it: its 16 bytes in the compact layout, its text in earlier ones.</summary>
    private object Id(Guid id) => Compact ? id.ToByteArray(bigEndian: true) : id.ToString("D");

    private SqliteCommand Prepare(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, type) in parameters) cmd.Parameters.Add(name, type);
        cmd.Prepare();
        return cmd;
    }

    public async ValueTask DisposeAsync()
    {
        if (_findId is not null) await _findId.DisposeAsync();
        _revision?.Dispose();
        _end?.Dispose();
        _insert?.Dispose();
        _fileVersion?.Dispose();
        _begin?.Dispose();
        _commit?.Dispose();
        _rollback?.Dispose();
        _dataVersion?.Dispose(); // before the connection closes: a native statement must not outlive its handle
    }
}
