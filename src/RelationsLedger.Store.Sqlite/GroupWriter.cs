using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Storage;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// Writes a group of waiting appends (see <see cref="WriteQueue"/>) in one transaction on the store's one
/// writer connection. Each caller is all or none on its own: an append refused for its expected revision
/// or a taken event id is undone alone, and the others in the group are still committed. Positions follow
/// the order the appends were taken in, as if they had been written one by one.
/// <para>
/// A savepoint per caller would make every page a caller touches be copied to a statement journal (which
/// spills to a temporary file past 64 KiB: a batch of a hundred events got half as fast). So the group is
/// first written plainly: a caller refused before it wrote anything (the usual conflict: a stale expected
/// revision) is simply answered. Only when a refusal comes after some of a caller's rows, or an event id
/// is found again (a retry), is the group rolled back and written once more with a savepoint per caller.
/// </para>
/// </summary>
internal sealed class GroupWriter(SqliteEventStore store, TimeProvider clock, AppendSignal signal) : IAsyncDisposable
{
    private const int UniqueConstraintFailed = 2067; // SQLITE_CONSTRAINT_UNIQUE
    private const string Caller = "caller", Append = "append"; // the savepoints of a group written again caller by caller
    private const string NothingRecorded = ": nothing was recorded"; // what a refused file meant for the group

    // Held while a group is written, so that disposing the store does not close the connection under it.
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly KnownHeads _heads = new();
    private SqliteConnection? _connection;
    private Writes? _writes;

    /// <summary>Never throws: every caller of the group is answered, with its results or its own exception.</summary>
    public async Task CommitAsync(List<PendingAppend> group)
    {
        var live = new List<PendingAppend>(group.Count);
        foreach (var p in group)
            if (p.Cancellation.IsCancellationRequested) p.Done.TrySetCanceled(p.Cancellation);
            else live.Add(p);
        if (live.Count == 0) return;

        (IReadOnlyList<AppendResult>? Results, Exception? Error)[] outcomes;
        await _writing.WaitAsync();
        try
        {
            if (new FileInfo(store.Path) is { Exists: true, Length: 0 })
            {
                // Emptied in place (truncated), so not moved: the writer would go on writing into the log beside an empty
                // file, which SQLite deletes when any connection opens that file. The writer is kept, not closed: closing the
                // last connection would fold the log into the empty file and delete it.
                var emptied = new StoreUnavailableException(
                    $"The store file {store.Path} was emptied (it is 0 bytes now) while this process had it open: nothing was recorded, and " +
                    $"nothing is until a store file is back at that path. Copy its write-ahead log {System.IO.Path.GetFileName(store.Path)}-wal " +
                    "aside now: it holds the ledger's last commits, or all of them, and SQLite deletes the log of an empty file.");
                foreach (var p in live) p.Done.TrySetException(emptied);
                return;
            }
            var writes = await WriterAsync();
            if (OpenFile.HasMoved(_connection!)) throw Moved();
            if (_bulk != _bulkApplied) await ApplyAsync(_bulk);
            var before = DataVersionOrNull(writes);
            try
            {
                outcomes = await WriteAsync(live, isolated: false);
            }
            catch (Exception e) when (e is not (SqliteException { SqliteExtendedErrorCode: not UniqueConstraintFailed } or OperationCanceledException or StoreUnavailableException
                or LedgerTamperedException))
            {
                outcomes = await WriteAsync(live, isolated: true);
            }
            Learn(before, live, outcomes);
        }
        catch (OperationCanceledException) when (live.TrueForAll(p => p.Cancellation.IsCancellationRequested))
        {
            // Every caller gave up while the group waited for the write lock (BeginAsync): nothing was written.
            foreach (var p in live) p.Done.TrySetCanceled(p.Cancellation);
            return;
        }
        catch (Exception e)
        {
            // Nothing of the group was committed: every caller is told, and a connection in an unknown state is not reused.
            await DropWriterAsync();
            var error = e is SqliteException { SqliteExtendedErrorCode: not UniqueConstraintFailed } s
                ? new StoreUnavailableException($"Cannot write to the store {store.Path}: {SqliteEventStore.Reason(s, store.Path)}. Nothing was recorded.", s) { Unwritable = true }
                : e;
            foreach (var p in live) p.Done.TrySetException(error);
            return;
        }
        finally
        {
            _writing.Release();
        }
        foreach (var (results, _) in outcomes)
            if (results is not null)
                foreach (var r in results) store.Reached.Note(r.Position);
        if (outcomes.Any(o => o.Results is not null)) signal.Notify();
        for (var i = 0; i < live.Count; i++)
            if (outcomes[i].Results is { } results) live[i].Done.TrySetResult(results);
            else live[i].Done.TrySetException(outcomes[i].Error!);
    }

    /// <summary>
    /// What the group's commit tells about the streams' ends. Only when no other connection committed between
    /// just before the group's transaction and just after it (the data version did not move) are the ends this
    /// group wrote the streams' ends; otherwise nothing is known. A failure to ask costs that knowledge, never the commit.
    /// </summary>
    private void Learn(long? before, List<PendingAppend> live, (IReadOnlyList<AppendResult>? Results, Exception?)[] outcomes)
    {
        if (before is { } version && DataVersionOrNull(_writes!) == version) _heads.Committed(version, Written(live, outcomes));
        else _heads.Forget();
    }

    private static long? DataVersionOrNull(Writes writes)
    {
        try
        {
            return writes.DataVersion();
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    private static IEnumerable<(string, ulong)> Written(List<PendingAppend> live, (IReadOnlyList<AppendResult>? Results, Exception?)[] outcomes)
    {
        for (var i = 0; i < live.Count; i++)
            if (outcomes[i].Results is { } results)
                for (var j = 0; j < results.Count; j++)
                    yield return (live[i].Appends[j].Stream, results[j].NextExpectedRevision);
    }

    /// <summary>Whether a group is being written now (its lock is held): a test waits for that.</summary>
    internal bool IsWriting => _writing.CurrentCount == 0;

    /// <summary>
    /// True when this writer knows that <paramref name="stream"/> ends at <paramref name="revision"/>, its own append,
    /// and no other connection has written since it learned that. While a group is being written, what that group vouched
    /// for under its write lock (<see cref="KnownHeads.GroupStarts"/>): under 16 writers one nearly always is, and each
    /// command read its stream's tail for nothing (docs/performance.md, round 31). False whenever it cannot tell at once
    /// (no writer yet, a group that found another writer's commit): the caller then reads.
    /// </summary>
    public bool EndsAt(string stream, ulong revision)
    {
        if (!_heads.Knows(stream)) return false;
        // A group is being written (under load, nearly always): what it vouched for under its write lock, without a query.
        if (!_writing.Wait(0)) return _heads.EndsAtDuringGroup(stream, revision);
        try
        {
            // A file moved away keeps its data version: what was known of its streams says nothing of the file at the path.
            return _writes is not null && !OpenFile.HasMoved(_connection!) && _heads.EndsAt(stream, revision, _writes.DataVersion());
        }
        catch (SqliteException)
        {
            return false; // the read the caller makes then tells it what is wrong
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// The group in one transaction. Plainly written, a caller's exception after it wrote rows (or a repeated
    /// event id) goes up, and the transaction is rolled back as it ends; isolated, each caller has its savepoint.
    /// </summary>
    private async Task<(IReadOnlyList<AppendResult>?, Exception?)[]> WriteAsync(List<PendingAppend> live, bool isolated)
    {
        var writes = await WriterAsync();
        Begin(writes, live);
        try
        {
            // Under the lock now: a file moved over the path while this waited for it (an upgrade's or a restore's rename) would
            // take the group into a file no one opens again. The check before the wait does not cover the wait.
            if (OpenFile.HasMoved(_connection!)) throw Moved();
            writes.ReadLayout();
            _heads.GroupStarts(DataVersionOrNull(writes));
            return await WriteLockedAsync(writes, live, isolated);
        }
        finally
        {
            _heads.GroupEnds(); // committed or rolled back: the lock is free, and what the group wrote is not learned yet
            writes.RollbackIfOpen(); // not committed: nothing of the group is kept
        }
    }

    /// <summary>
    /// <c>BEGIN IMMEDIATE</c>: takes the write lock now, waiting while another connection holds it up to the connection's
    /// timeout (30 s) as before, and then refused (another process holds it). While it waits, nothing of the group is written,
    /// so the wait gives up as soon as every caller of the group is cancelled (each answered cancelled): a <c>ledger record</c>
    /// stopped by Ctrl+C or SIGTERM while another process held the store ended only when the 30 s were up. Once the lock is
    /// taken, the group is written and answered, whatever its callers' cancellation: a caller told "cancelled" after its write
    /// began might have been recorded. The wait is made of tries of one second (<see cref="Writes.Begin"/>, tried every 10 ms
    /// within it), so a cancellation is seen within one.
    /// </summary>
    private void Begin(Writes writes, List<PendingAppend> group)
    {
        var timeout = _connection!.DefaultTimeout;
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                writes.Begin();
                return;
            }
            catch (SqliteException e) when (SqliteBusy.Is(e) && waiting.Elapsed.TotalSeconds < timeout)
            {
                if (group.TrueForAll(p => p.Cancellation.IsCancellationRequested))
                    throw new OperationCanceledException("Cancelled while waiting for the store's write lock: nothing was written.", e, group[0].Cancellation);
            }
        }
    }


    private StoreUnavailableException Moved()
    {
        // Every connection of the pool holds the old file too: none is handed out again.
        SqliteConnection.ClearPool(_connection!);
        return new StoreUnavailableException(
            $"The store file {store.Path} was moved, replaced or deleted while this process had it open: nothing was recorded. " +
            "The next write opens the file found at that path, if it holds this ledger and every position this process has given out.");
    }

    private async Task<(IReadOnlyList<AppendResult>?, Exception?)[]> WriteLockedAsync(Writes writes, List<PendingAppend> live, bool isolated)
    {
        var outcomes = new (IReadOnlyList<AppendResult>?, Exception?)[live.Count];
        var end = writes.End();
        end.RefuseDeletedEnd(store.Path);
        var recordedAt = RecordedTime.Next(store.Path, clock.GetUtcNow().UtcTicks, end.Last);
        for (var i = 0; i < live.Count; i++)
        {
            if (isolated)
            {
                outcomes[i] = await AppendOneCallerAsync(writes, live[i].Appends, recordedAt);
                continue;
            }
            var before = writes.Inserted;
            try
            {
                outcomes[i] = (await AppendAsync(writes, live[i].Appends, recordedAt, careful: false), null);
            }
            catch (Exception e) when (e is not SqliteException && writes.Inserted == before)
            {
                outcomes[i] = (null, e); // refused before it wrote a row: nothing of it to undo
            }
        }
        // The file says the latest format of the events it holds: only the callers whose events are written count.
        if (LatestFormat(live, outcomes) is var format and > EventData.FirstFormat) await writes.RaiseVersionAsync(format, default);
        writes.Commit();
        return outcomes;
    }

    /// <summary>The latest format of the events of the callers written (a loop, not a query: it runs at every group commit).</summary>
    private static int LatestFormat(List<PendingAppend> live, (IReadOnlyList<AppendResult>?, Exception?)[] outcomes)
    {
        var format = EventData.FirstFormat;
        for (var i = 0; i < live.Count; i++)
        {
            if (outcomes[i].Item1 is null) continue;
            foreach (var append in live[i].Appends)
                foreach (var e in append.Events)
                    format = Math.Max(format, e.FormatVersion);
        }
        return format;
    }

    /// <summary>One caller's appends, all or none, in a savepoint; an exception that is the caller's own is its answer.</summary>
    private static async Task<(IReadOnlyList<AppendResult>?, Exception?)> AppendOneCallerAsync(
        Writes writes, IReadOnlyList<StreamAppend> appends, long recordedAt)
    {
        writes.Savepoint(Caller);
        try
        {
            IReadOnlyList<AppendResult> results;
            try
            {
                // Almost every append records new events: insert them all in one go. The unique index on
                // event ids still finds a repeated id, and then the caller's savepoint is rolled back ...
                results = await AppendAsync(writes, appends, recordedAt, careful: false);
            }
            catch (SqliteException e) when (e.SqliteExtendedErrorCode == UniqueConstraintFailed)
            {
                // ... and done again append by append, each in a savepoint, so that a retried append is
                // answered with its original result and only the offending append is refused.
                writes.RollbackTo(Caller);
                results = await AppendAsync(writes, appends, recordedAt, careful: true);
            }
            writes.Release(Caller);
            return (results, null);
        }
        catch (Exception e) when (e is not SqliteException)
        {
            // Refused (expected revision, event id taken elsewhere): undo this caller's writes only.
            // A SQLite error (disk full, I/O) is the whole group's, and goes up.
            writes.RollbackTo(Caller);
            writes.Release(Caller);
            return (null, e);
        }
    }

    private static async Task<IReadOnlyList<AppendResult>> AppendAsync(
        Writes writes, IReadOnlyList<StreamAppend> appends, long recordedAt, bool careful)
    {
        var results = new List<AppendResult>(appends.Count);
        var heads = new Dictionary<string, ulong?>(StringComparer.Ordinal); // each stream's revision, read once per call
        foreach (var (stream, expected, events) in appends)
        {
            if (!heads.TryGetValue(stream, out var current)) heads[stream] = current = writes.StreamRevision(stream);
            if (!expected.IsMetBy(current))
            {
                // A retry of an append that was made already finds the stream moved on: answer it as before.
                results.Add(await writes.FindRepeatAsync(stream, events, default) ?? throw new WrongExpectedRevisionException(stream, expected, current));
                continue;
            }
            if (careful) writes.Savepoint(Append);
            try
            {
                var revision = current is { } c ? c + 1 : 0;
                long position = 0;
                foreach (var e in events)
                    position = writes.Insert(stream, revision++, e, recordedAt);
                if (careful) writes.Release(Append);
                heads[stream] = revision - 1;
                results.Add(new(revision - 1, GlobalPosition.Of((ulong)position)) { RecordedAt = new DateTimeOffset(recordedAt, TimeSpan.Zero) });
            }
            catch (SqliteException e) when (careful && e.SqliteExtendedErrorCode == UniqueConstraintFailed)
            {
                writes.RollbackTo(Append);
                results.Add(await writes.FindRepeatAsync(stream, events, default)
                    ?? throw new InvalidOperationException($"An append to '{stream}' broke a unique constraint without a recorded event id.", e));
            }
        }
        return results;
    }

    /// <summary>
    /// The writer connection, opened once and kept with its prepared statements. Opened (again) only on a file
    /// that is there — opening a missing one would make an empty file — that holds this store's ledger (a new handle checks
    /// it: <see cref="SqliteEventStore.OpenConnectionAsync"/>), and that holds every position this store has given out.
    /// </summary>
    private async Task<Writes> WriterAsync()
    {
        if (_writes is not null) return _writes;
        if (!File.Exists(store.Path))
            throw new StoreUnavailableException($"The store file {store.Path} is gone: nothing was recorded.");
        var connection = await store.OpenConnectionAsync(default, NothingRecorded);
        try
        {
            store.Reached.RefuseEarlierEnd(store.Path, StoreFile.HeadOf(connection), " Nothing was recorded; a position is never given to two events.");
            await WalMode.PutBackAsync(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        _connection = connection;
        return _writes = new Writes(_connection);
    }

    /// <summary>
    /// The part of the writer's page cache while an import appends in bulk (<see cref="BulkAsync"/>) that holds the store's
    /// indexes, in KiB: 128 MB, both indexes of a million-event store (48 + 33 MB at version 1) with room to spare. With the
    /// store's 32 MB a 1M import spilled and read back index pages all through its appends: 365,000 pages spilled, 534,000 read
    /// back, the append phase 39.3 s of CPU and 222 s of wall (docs/performance.md, round 60).
    /// </summary>
    public const int BulkIndexCacheKiB = 131072;

    /// <summary>
    /// The cache a bulk adds for each event of one transaction, in KiB: the table pages the transaction writes (~0.86 KB an event
    /// at 1M, version 1), which stay dirty in the cache until its commit; a cache smaller than those and the indexes spills
    /// pages into the log before the commit and reads them back (round 62: 100,000-event transactions).
    /// </summary>
    public const int BulkCacheKiBPerEvent = 1;

    /// <summary>The writer's page cache for a bulk whose transactions hold up to <paramref name="eventsPerTransaction"/> events, in KiB.</summary>
    public static int BulkCacheKiB(int eventsPerTransaction) => BulkIndexCacheKiB + BulkCacheKiBPerEvent * Math.Clamp(eventsPerTransaction, 0, 1 << 20);

    /// <summary>Asked (<see cref="BulkAsync"/>): the next groups are written with the bulk settings, this page cache (KiB); 0: the store's own.</summary>
    private int _bulk;

    /// <summary>The bulk page cache the writer connection holds now (KiB); 0: the store's own, as a new connection starts.</summary>
    private int _bulkApplied;

    /// <summary>
    /// The writer's groups are written with the bulk settings until the handle is disposed (<see cref="IAppendsInBulk"/>). Applied
    /// at the next group, on the writer connection: a store that has no file yet gets it with its first append.
    /// </summary>
    public async Task<IAsyncDisposable> BulkAsync(int eventsPerTransaction, CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        _bulk = BulkCacheKiB(eventsPerTransaction);
        _writing.Release();
        return new EndOfBulk(this);
    }

    private sealed class EndOfBulk(GroupWriter writer) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await writer._writing.WaitAsync();
            try
            {
                writer._bulk = 0;
                // Put back before the connection can go back to the pool, whose handles keep the store's settings.
                if (writer._bulkApplied != 0 && writer._connection is not null) await writer.ApplyAsync(0);
            }
            catch (SqliteException)
            {
                await writer.DropWriterAsync(); // a connection whose settings are not known is not reused
            }
            finally
            {
                writer._writing.Release();
            }
        }
    }

    /// <summary>The bulk settings on the writer connection (<paramref name="bulkCacheKiB"/>), or the store's own put back (0). Under <see cref="_writing"/>.</summary>
    private async Task ApplyAsync(int bulkCacheKiB)
    {
        await using var pragma = _connection!.CreateCommand();
        pragma.CommandText = $"PRAGMA cache_size = -{(bulkCacheKiB != 0 ? bulkCacheKiB : SqliteEventStore.CacheKiB)}";
        await pragma.ExecuteNonQueryAsync();
        _bulkApplied = bulkCacheKiB;
    }

    /// <summary>The writer connection's page cache as SQLite has it now (<c>PRAGMA cache_size</c>, negative: in KiB); null with no writer yet.</summary>
    internal async Task<long?> WriterCacheSizeAsync()
    {
        await _writing.WaitAsync();
        try
        {
            if (_connection is null) return null;
            await using var pragma = _connection.CreateCommand();
            pragma.CommandText = "PRAGMA cache_size";
            return (long)(await pragma.ExecuteScalarAsync())!;
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task DropWriterAsync()
    {
        _heads.Forget();
        _bulkApplied = 0;
        if (_writes is not null) await _writes.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
        (_writes, _connection) = (null, null);
    }

    public async ValueTask DisposeAsync()
    {
        await _writing.WaitAsync();
        try
        {
            // The file emptied under this process (truncated in place): its log holds the ledger's commits, and the last
            // connection to close would fold it into the empty file and delete it. The writer closes last (the store clears
            // the other handles first) and, told so, leaves the log as it is.
            if (_connection?.Handle is { } handle && StoreFile.EmptiedBesideItsLog(store.Path) is not null)
                SQLitePCL.raw.sqlite3_db_config(handle, SQLitePCL.raw.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, out _);
            await DropWriterAsync();
        }
        finally
        {
            _writing.Release();
        }
    }
}
