using System.Diagnostics;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// Feeds one projection from the global log, one job at a time per read model: catching up after the
/// stored checkpoint (<see cref="CheckpointedBatches"/>), rebuilding from zero (in bulk into a fresh
/// file, <see cref="BulkRebuild"/>), or following a live subscription (<see cref="LiveProjection"/>).
/// Before any of them the read model is checked against the store (<see cref="LedgerBinding"/>): a read
/// model of another ledger, or one whose checkpoint lies beyond the log's head, is made again rather
/// than asked; one that cannot be read at all is thrown away and made again (<see cref="ReadModelFile"/>).
/// </summary>
public sealed class ProjectionRunner : IDisposable
{
    private readonly ReadModelDatabase _database;
    private readonly IEventStore _store;
    private readonly IProjection _projection;
    private readonly ProjectionOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CheckpointedBatches _batches;

    /// <summary>
    /// The connection consecutive live batches share, so that a batch of one event does not open a
    /// connection (its pragmas, the checkpoint table's check) nor prepare the projection's statements
    /// again. Closed whenever any other job takes the gate: a catch-up, a rebuild or a discard may
    /// empty the pool and replace the file, and the next live batch must then see the new one.
    /// </summary>
    private SqliteConnection? _liveConnection;

    /// <summary>How far the live subscription has delivered the log: the read model must be there too before it takes the next page.</summary>
    private GlobalPosition? _liveDelivered;

    public ProjectionRunner(ReadModelDatabase database, IEventStore store, IProjection projection, ProjectionOptions? options = null)
    {
        (_database, _store, _projection, _options) = (database, store, projection, options ?? new());
        _batches = new CheckpointedBatches(store, projection, _options);
    }

    public IProjection Projection => _projection;
    public ReadModelDatabase Database => _database;
    public IEventStore Store => _store;

    /// <summary>Told why a read model is being made again (another ledger's, unreadable…): the CLI prints it, the API logs it.</summary>
    public Action<string>? Notice { get; set; }

    /// <summary>Where the time of the last bulk rebuild went (for docs/performance.md and the benchmarks).</summary>
    public RebuildPhases? LastRebuild { get; private set; }

    /// <summary>Applies every event after the checkpoint up to the current end of the log.</summary>
    /// <returns>How many events this run applied.</returns>
    public async Task<long> CatchUpAsync(Action<ProjectionProgress>? progress = null, CancellationToken ct = default) =>
        (await GatedCatchUpAsync(progress, hold: false, ct)).Applied;

    /// <summary>
    /// Catches up as <see cref="CatchUpAsync"/> does, and says where it ended: the checkpoint <see cref="ReadCheckpoint"/>
    /// would read right after, without opening the file again (a question's catch-up, which almost always finds nothing). The
    /// connection it checked and caught up with is handed over open (<c>Held</c>, the caller disposes it; null when the catch-up
    /// loaded a new file in bulk), so that the question's snapshot does not open the read model a second time.
    /// </summary>
    public Task<(long Applied, Checkpoint At, SqliteConnection? Held)> CaughtUpAsync(Action<ProjectionProgress>? progress = null, CancellationToken ct = default) =>
        GatedCatchUpAsync(progress, hold: true, ct);

    private async Task<(long Applied, Checkpoint At, SqliteConnection? Held)> GatedCatchUpAsync(Action<ProjectionProgress>? progress, bool hold, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            CloseLiveConnection();
            return await CatchUpLockedAsync(progress, bulkWhenEmpty: true, ct, hold);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <param name="hold">Whether the connection is handed over open once the catch-up has ended well, rather than closed.</param>
    /// <returns>How many events it applied, the checkpoint it ended at (the end of the log as it read it), and the connection held.</returns>
    private async Task<(long Applied, Checkpoint At, SqliteConnection? Held)> CatchUpLockedAsync(Action<ProjectionProgress>? progress, bool bulkWhenEmpty,
        CancellationToken ct, bool hold = false)
    {
        var ledger = await _store.IdentityAsync(ct);
        var connection = OpenOrDiscard();
        var answers = false; // whether the read model was found to be this log's and not empty: it can answer, behind
        try
        {
            var (checkpoint, anyAfter) = await BoundCheckpointAsync(connection, ledger, ct);
            answers = checkpoint.Position is not null;
            // The log's head only where it tells something: whether an empty read model loads in bulk, and how far a
            // long catch-up has to go. A read model that is current costs two reads: its last event, and nothing after it —
            // one read where the store answers both at once (BoundCheckpointAsync).
            var head = checkpoint.Position is null ? await _store.HeadAsync(ct) : null;
            // Built from the start over a log that holds events: it records what the log shows missing (below).
            var fromStart = head is not null;
            // A first catch-up of an empty read model over a long log loads in bulk, as a rebuild does — on a store whose
            // positions count its events (the embedded store), where the head says how long the log is and the bulk load's
            // reader, a stream at a time, reads its index. KurrentDB's head is a byte offset (50,000 is some 15 events), and
            // there a stream at a time is a call per relationship after a read of the whole log for their names: on a node of
            // 5,540 small relationships (20,000 events) the bulk load took 3-4 times the time and CPU of a catch-up in log order,
            // one read of the log (docs/performance.md, round 53).
            if (bulkWhenEmpty && checkpoint.Position is null && _projection is IBulkProjection bulk && _store is ICountsPositions
                && _options.BulkLoadFrom is { } from && head is { } h && h.Commit >= (ulong)from)
            {
                connection.Dispose();
                connection = null;
                var (loaded, at) = await LoadedInBulkAsync(bulk, ledger, progress, onlyIntoEmpty: true, ct);
                return (loaded, at, null);
            }
            var clock = Stopwatch.StartNew();
            long applied = 0;
            while (anyAfter != false) // false: the check read that no event follows the checkpoint
            {
                var page = new List<RecordedEvent>(); // not BatchSize: the catch-up before a query almost always finds nothing
                await foreach (var e in _store.ReadAllAsync(checkpoint.Position, _options.BatchSize, StreamFilter.RelationshipsAndTombstones, ct))
                    page.Add(e);
                if (page.Count == 0) break;
                if (progress is not null && head is null && page.Count == _options.BatchSize) head = await _store.HeadAsync(ct);
                var (next, count) = await _batches.ApplyAsync(connection, checkpoint, page, applied, clock, head, progress, ct);
                applied += count;
                checkpoint = next;
                if (page.Count < _options.BatchSize && count == page.Count) break;
            }
            if (fromStart) await NoteDeletedAsync(connection, ct);
            // Done: the checkpoint is at the end of the log as this catch-up read it.
            progress?.Invoke(new(_projection.Name, checkpoint.Position, checkpoint.Position ?? head, applied, clock.Elapsed));
            var held = hold ? connection : null;
            if (hold) connection = null; // not closed below: the caller has it
            return (applied, checkpoint, held);
        }
        catch (SqliteException e) when (ReadModelFile.IsOfThePlace(e))
        {
            throw ReadModelFile.CannotUse(_database.Path, e, stillAnswers: answers);
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>
    /// The checkpoint of a read model that answers for this ledger: one that does not is emptied first. With it, whether the
    /// log holds an event after it, when the store read that with the checkpoint's event (null: not read).
    /// </summary>
    private async Task<(Checkpoint At, bool? AnyAfter)> BoundCheckpointAsync(SqliteConnection connection, LedgerIdentity? ledger, CancellationToken ct)
    {
        var checkpoint = _batches.Prepare(connection, ledger);
        var bound = LedgerBinding.Read(connection);
        bool? anyAfter = null;
        var why = LedgerBinding.Mismatch(bound, ledger, checkpoint.Position);
        if (why is null) (why, anyAfter) = await LedgerBinding.StandsAsync(_store, checkpoint, StreamFilter.RelationshipsAndTombstones, ct);
        if (why is not null)
        {
            Notice?.Invoke($"The read model {_database.Path} is made again from the log: {why}.");
            try
            {
                _batches.Reset(connection, ledger);
            }
            catch (SqliteException e)
            {
                throw new ReadModelUnavailableException($"The read model {_database.Path} cannot answer for {_store.Description} ({why}) and cannot be made again: {e.Message}. Delete it, or name another with RELATIONSLEDGER_READ_MODEL.", e);
            }
            return (_batches.Prepare(connection, ledger), null);
        }
        if (bound is null && ledger is not null) CheckpointedBatches.Bind(connection, ledger, _store.Description);
        return (checkpoint, anyAfter);
    }

    /// <summary>
    /// Drops the read model and applies the whole log again from zero. A projection that can be loaded
    /// in bulk (<see cref="IBulkProjection"/>) is rebuilt into a fresh file that replaces the read model at
    /// the end; then the events appended meanwhile are caught up as usual.
    /// </summary>
    public async Task<long> RebuildAsync(Action<ProjectionProgress>? progress = null, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            CloseLiveConnection();
            _database.EnsureOurs(); // a rebuild puts a new file in its place: never over one that is not a read model
            var ledger = await _store.IdentityAsync(ct);
            if (_projection is IBulkProjection bulk) return (await LoadedInBulkAsync(bulk, ledger, progress, onlyIntoEmpty: false, ct)).Applied;
            using (var connection = OpenOrDiscard())
            {
                try
                {
                    _batches.Reset(connection, ledger);
                }
                catch (SqliteException e) when (ReadModelFile.IsOfThePlace(e))
                {
                    throw ReadModelFile.CannotUse(_database.Path, e, stillAnswers: false);
                }
            }
            var applied = (await CatchUpLockedAsync(progress, bulkWhenEmpty: false, ct)).Applied;
            await NoteDeletedAsync(null, ct);
            return applied;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Records in a read model just built from the start the runs of positions the store's log shows empty (rows deleted
    /// from the embedded store's file: docs/audit.md, "Positions left empty"), so that every answer from it says that the
    /// ledger it answers from was cut (<see cref="Checkpoints.PositionAndDeletedOf"/>). Asked once a build, not once a question:
    /// the store reads every position to tell. <paramref name="connection"/>: the catch-up's own, else one is opened.
    /// </summary>
    private async Task NoteDeletedAsync(SqliteConnection? connection, CancellationToken ct)
    {
        var deleted = await LedgerBinding.DeletedFromLogAsync(_store, ct);
        if (connection is not null)
        {
            LedgerBinding.WriteDeleted(connection, deleted);
            return;
        }
        using var opened = OpenOrDiscard();
        LedgerBinding.WriteDeleted(opened, deleted);
    }

    /// <summary>
    /// A load in bulk into a new file that takes the read model's place, the catch-up of what was appended meanwhile, and
    /// the note of the positions the log shows empty — all under the rebuild claim (<see cref="RebuildClaim"/>), which is
    /// released only once this process holds nothing of the file open. A second rebuild waiting for the claim checks at
    /// once that no other process has the read model open, and it did so while this one's catch-up after the swap still
    /// had it: the second failed "open in another process" though nothing but the first rebuild had it, and only for a
    /// moment (RunnerTests.Two_rebuilds_of_one_read_model_at_once_…, intermittent until round 47).
    /// </summary>
    private async Task<(long Applied, Checkpoint At)> LoadedInBulkAsync(IBulkProjection bulk, LedgerIdentity? ledger, Action<ProjectionProgress>? progress,
        bool onlyIntoEmpty, CancellationToken ct)
    {
        using var claim = await RebuildClaim.TakeAsync(_database.Path, Notice, ct);
        try
        {
            var loaded = await BulkLockedAsync(bulk, ledger, progress, ct, onlyIntoEmpty);
            var (after, at, _) = await CatchUpLockedAsync(progress is null ? null : p => progress(p with { EventsThisRun = loaded + p.EventsThisRun }), bulkWhenEmpty: false, ct);
            await NoteDeletedAsync(null, ct);
            return (loaded + after, at);
        }
        finally
        {
            _database.ClearPool(); // this process's idle connections would keep the file open for the next rebuild
        }
    }

    /// <param name="onlyIntoEmpty">
    /// A first catch-up's load: not done when, once this one's turn comes, the read model holds something — another process
    /// (a second 'ledger serve' started at the same moment) loaded it while this one waited, and keeps it open, so a second
    /// load could not take its place. The catch-up that follows goes on from that load's checkpoint. Nor is it done when
    /// another process has the read model open: the catch-up that follows fills it batch by batch.
    /// </param>
    private async Task<long> BulkLockedAsync(IBulkProjection bulk, LedgerIdentity? ledger, Action<ProjectionProgress>? progress, CancellationToken ct,
        bool onlyIntoEmpty = false)
    {
        try
        {
            if (await new BulkRebuild(_database, _store, bulk, _options).RunAsync(ledger, progress, ct, onlyIntoEmpty ? HoldsNothing : null)
                is not { } loaded)
                return 0;
            var (applied, position, phases) = loaded;
            _batches.Replaced(position);
            LastRebuild = phases;
            return applied;
        }
        catch (ReadModelUnavailableException e) when (onlyIntoEmpty && e.OpenElsewhere)
        {
            // Another process has the empty read model open (a second 'ledger serve' started at the same moment): no new
            // file can take its place, but batches can fill it in place, as two processes catching up together do.
            _batches.Unsync();
            Notice?.Invoke($"The read model {_database.Path} is open in another process: it is caught up batch by batch, not loaded in bulk.");
            return 0;
        }
        catch (ProjectionFailedException)
        {
            // Stop where the batch-by-batch rebuild stops, with the failure stored and the events before it kept.
            using var connection = OpenOrDiscard();
            _batches.Reset(connection, ledger);
            return 0;
        }
        catch (SqliteException e) when (ReadModelFile.IsOfThePlace(e))
        {
            // The fresh file could not be written: it is removed, and the read model is left as it was.
            _batches.Unsync();
            throw ReadModelFile.CannotUse(_database.Path, e, stillAnswers: false);
        }
        catch
        {
            _batches.Unsync();
            throw;
        }
    }

    /// <summary>
    /// Runs until cancelled on a live subscription: applies events as they are appended,
    /// committing a batch when it is full or when no further event is waiting. Cancelled, it returns, in whichever part it is.
    /// </summary>
    public async Task RunLiveAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await RunLiveOnceAsync(ct);
                return;
            }
            catch (LogReplacedException e)
            {
                // The subscription met another history where it stood (a store file put back from a backup and recorded
                // into since, a KurrentDB node reset): the catch-up that starts the next one makes the read model again from it.
                Notice?.Invoke(e.Message);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopped in the catch-up that starts a run: stopped as a stop in its live part is, not failed.
                return;
            }
        }
    }

    private async Task RunLiveOnceAsync(CancellationToken ct)
    {
        await CatchUpAsync(ct: ct);
        GlobalPosition? from;
        await _gate.WaitAsync(ct);
        try
        {
            using var connection = OpenOrDiscard();
            _liveDelivered = from = _batches.Prepare(connection, await _store.IdentityAsync(ct)).Position;
        }
        finally
        {
            _gate.Release();
        }
        try
        {
            await new LiveProjection(_store, _options, ApplyLiveAsync).RunAsync(from, ct);
        }
        finally
        {
            await _gate.WaitAsync(CancellationToken.None);
            CloseLiveConnection();
            _gate.Release();
        }
    }

    private async Task ApplyLiveAsync(List<RecordedEvent> page, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var connection = _liveConnection ??= OpenOrDiscard();
            var checkpoint = _batches.Prepare(connection, await _store.IdentityAsync(ct));
            var delivered = _liveDelivered;
            _liveDelivered = page[^1].Position;
            // The read model behind what the subscription delivered before this page (made again meanwhile, by a query's
            // catch-up or another process, from a log that ended earlier), or standing on an event that is no longer in
            // the log (another history): the page alone would skip the events between. A catch-up reads them all.
            if (checkpoint.Position < delivered || (delivered is not null && checkpoint.Position is null) || await LedgerBinding.LostAsync(_store, checkpoint, ct) is not null)
            {
                CloseLiveConnection(); // a bulk load replaces the file
                await CatchUpLockedAsync(null, bulkWhenEmpty: true, ct);
                connection = _liveConnection = OpenOrDiscard();
                checkpoint = _batches.Prepare(connection, await _store.IdentityAsync(ct));
            }
            page.RemoveAll(e => checkpoint.Position is { } p && e.Position <= p); // a catch-up in this process went ahead
            if (page.Count > 0) await _batches.ApplyAsync(connection, checkpoint, page, 0, Stopwatch.StartNew(), null, null, ct);
        }
        catch (SqliteException e) when (ReadModelFile.IsOfThePlace(e))
        {
            CloseLiveConnection();
            throw ReadModelFile.CannotUse(_database.Path, e, stillAnswers: true);
        }
        catch
        {
            CloseLiveConnection(); // the next batch starts afresh, as it did when every batch opened its own connection
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether the read model holds nothing of this projection's version (no event applied), as a first load finds it.</summary>
    private bool HoldsNothing()
    {
        using var connection = OpenOrDiscard();
        return _batches.Stored(connection) is not { Position: not null } stored || stored.Version != _projection.Version;
    }

    /// <summary>Called with the gate held (or once nothing runs any more, on dispose).</summary>
    private void CloseLiveConnection()
    {
        _liveConnection?.Dispose();
        _liveConnection = null;
    }

    /// <summary>The stored checkpoint (creating the read model's tables when missing).</summary>
    public Checkpoint ReadCheckpoint()
    {
        using var connection = OpenOrDiscard();
        try
        {
            return _batches.Stored(connection) is { } stored && stored.Version == _projection.Version
                ? stored
                : _batches.Prepare(connection, null);
        }
        catch (SqliteException e) when (ReadModelFile.IsOfThePlace(e))
        {
            throw ReadModelFile.CannotUse(_database.Path, e, stillAnswers: false);
        }
    }

    /// <summary>
    /// The runs of positions the store's log shows empty now (events deleted from the embedded store's file), for
    /// <c>projections status</c>: the store reads every position to tell, which a question's status does not pay.
    /// </summary>
    public Task<List<string>> DeletedFromLogAsync(CancellationToken ct = default) => LedgerBinding.DeletedFromLogAsync(_store, ct);

    public async Task<ProjectionStatus> StatusAsync(CancellationToken ct = default)
    {
        Checkpoint checkpoint;
        (Guid LedgerId, string Store)? bound;
        PassedOverCounts passedOver;
        await _gate.WaitAsync(ct);
        try
        {
            CloseLiveConnection();
            using var connection = OpenOrDiscard();
            checkpoint = _batches.Prepare(connection, await _store.IdentityAsync(ct));
            bound = LedgerBinding.Read(connection);
            passedOver = _projection.PassedOverCounts(connection);
        }
        catch (SqliteException e) when (ReadModelFile.IsOfThePlace(e))
        {
            throw ReadModelFile.CannotUse(_database.Path, e, stillAnswers: false);
        }
        finally
        {
            _gate.Release();
        }
        long behind = 0;
        await foreach (var _ in _store.ReadAllAsync(checkpoint.Position, long.MaxValue, StreamFilter.RelationshipsAndTombstones, ct)) behind++;
        var head = await _store.HeadAsync(ct);
        return new(_projection.Name, _projection.Version, checkpoint.Position?.ToString(), checkpoint.EventsApplied, behind,
            head?.ToString(), checkpoint.UpdatedAt, checkpoint.Failure, _database.Path)
        {
            Ledger = bound?.LedgerId,
            Diverged = await LedgerBinding.LostAsync(_store, checkpoint, ct),
            PassedOver = passedOver.Events,
            NotWhole = passedOver.NotWhole,
        };
    }

    /// <summary>A connection to the read model; a file that is not a readable database is thrown away first (it is made again from the log).</summary>
    private SqliteConnection OpenOrDiscard()
    {
        try
        {
            return _database.Open(connection =>
            {
                Checkpoints.EnsureExists(connection);
                return connection;
            }, connection => connection.Dispose());
        }
        catch (SqliteException e) when (ReadModelFile.IsUnreadable(e))
        {
            Notice?.Invoke($"The read model {_database.Path} could not be read ({e.Message.Replace("SQLite Error ", "error ", StringComparison.Ordinal)}); it is thrown away and made again from the log.");
            ReadModelFile.Discard(_database);
            _batches.Unsync();
            return _database.Open();
        }
    }

    public void Dispose()
    {
        CloseLiveConnection();
        _gate.Dispose();
    }
}
