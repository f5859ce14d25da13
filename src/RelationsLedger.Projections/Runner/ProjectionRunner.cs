using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// Feeds one projection from the global log, starting after its stored checkpoint. Each batch of
/// events is applied in one SQLite transaction that also moves the checkpoint, so a crash or a
/// cancellation (a kill mid-batch) loses the whole batch or nothing, and the next run neither
/// repeats nor skips an event. A projection that throws on an event stops there: the events
/// before it are committed, the failure is stored with the event's id, stream and position, and
/// the next run starts with that event again.
/// </summary>
public sealed class ProjectionRunner(ReadModelDatabase database, IEventStore store, IProjection projection, ProjectionOptions? options = null) : IDisposable
{
    private readonly ProjectionOptions _options = options ?? new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The checkpoint this instance last committed; when the stored one differs another writer moved it.</summary>
    private GlobalPosition? _committed;
    private bool _inSync;

    /// <summary>Whether this instance has made sure of the tables once; after that a question costs no schema work.</summary>
    private bool _schemaReady;

    public IProjection Projection => projection;
    public ReadModelDatabase Database => database;
    public IEventStore Store => store;

    /// <summary>Applies every event after the checkpoint up to the current end of the log.</summary>
    /// <returns>How many events this run applied.</returns>
    public async Task<long> CatchUpAsync(Action<ProjectionProgress>? progress = null, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            using var connection = database.Open();
            var checkpoint = Prepare(connection);
            var clock = Stopwatch.StartNew();
            var head = progress is null ? null : await HeadAsync(ct); // only progress reports need the head
            long applied = 0;
            while (true)
            {
                var page = new List<RecordedEvent>(_options.BatchSize);
                await foreach (var e in store.ReadAllAsync(checkpoint.Position, _options.BatchSize, StreamFilter.Relationships, ct))
                    page.Add(e);
                if (page.Count == 0) break;
                var (next, count) = await ApplyBatchAsync(connection, checkpoint, page, applied, clock, head, progress, ct);
                applied += count;
                checkpoint = next;
                if (page.Count < _options.BatchSize && count == page.Count) break;
            }
            progress?.Invoke(new(projection.Name, checkpoint.Position, head, applied, clock.Elapsed));
            return applied;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops the read model and applies the whole log again from zero.</summary>
    public async Task<long> RebuildAsync(Action<ProjectionProgress>? progress = null, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            using var connection = database.Open();
            Reset(connection);
        }
        finally
        {
            _gate.Release();
        }
        return await CatchUpAsync(progress, ct);
    }

    /// <summary>
    /// Runs until cancelled on a live subscription: applies events as they are appended,
    /// committing a batch when it is full or when no further event is waiting.
    /// </summary>
    public async Task RunLiveAsync(CancellationToken ct)
    {
        await CatchUpAsync(ct: ct);
        GlobalPosition? from;
        using (var connection = database.Open()) from = Prepare(connection).Position;
        var channel = Channel.CreateBounded<RecordedEvent>(_options.BatchSize * 2);
        var pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in store.SubscribeToAllAsync(from, StreamFilter.Relationships, ct)) await channel.Writer.WriteAsync(e, ct);
                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e is OperationCanceledException ? null : e);
            }
        }, ct);
        try
        {
            while (await channel.Reader.WaitToReadAsync(ct))
            {
                var page = new List<RecordedEvent>();
                while (page.Count < _options.BatchSize && channel.Reader.TryRead(out var e)) page.Add(e);
                await _gate.WaitAsync(ct);
                try
                {
                    using var connection = database.Open();
                    var checkpoint = Prepare(connection);
                    page.RemoveAll(e => checkpoint.Position is { } p && e.Position <= p); // a catch-up in this process went ahead
                    if (page.Count > 0) await ApplyBatchAsync(connection, checkpoint, page, 0, Stopwatch.StartNew(), null, null, ct);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The stored checkpoint (creating the read model's tables when missing).</summary>
    public Checkpoint ReadCheckpoint()
    {
        using var connection = database.Open();
        return Checkpoints.Read(connection, null, projection.Name) is { } stored && stored.Version == projection.Version
            ? stored
            : Prepare(connection);
    }

    public async Task<ProjectionStatus> StatusAsync(CancellationToken ct = default)
    {
        Checkpoint checkpoint;
        using (var connection = database.Open()) checkpoint = Prepare(connection);
        long behind = 0;
        await foreach (var _ in store.ReadAllAsync(checkpoint.Position, long.MaxValue, StreamFilter.Relationships, ct)) behind++;
        var head = await HeadAsync(ct);
        return new(projection.Name, projection.Version, checkpoint.Position?.ToString(), checkpoint.EventsApplied, behind,
            head?.ToString(), checkpoint.UpdatedAt, checkpoint.Failure, database.Path);
    }

    /// <summary>The stored checkpoint, after making sure the tables exist at this projection's version.</summary>
    private Checkpoint Prepare(SqliteConnection connection)
    {
        if (!_schemaReady) Checkpoints.EnsureTable(connection, null);
        var stored = Checkpoints.Read(connection, null, projection.Name);
        if (stored is null || stored.Version != projection.Version)
        {
            Reset(connection);
            stored = Checkpoints.Read(connection, null, projection.Name)!;
        }
        else if (!_schemaReady)
        {
            using var tx = connection.BeginTransaction();
            projection.CreateSchema(connection, tx); // idempotent: restores anything missing, e.g. after a kill mid-rebuild
            tx.Commit();
        }
        _schemaReady = true;
        if (!_inSync || stored.Position != _committed)
        {
            projection.Forget();
            (_committed, _inSync) = (stored.Position, true);
        }
        return stored;
    }

    private void Reset(SqliteConnection connection)
    {
        Checkpoints.EnsureTable(connection, null);
        using var tx = connection.BeginTransaction();
        projection.DropSchema(connection, tx);
        projection.CreateSchema(connection, tx);
        Checkpoints.Write(connection, tx, new(projection.Name, projection.Version, null, 0, DateTimeOffset.UtcNow, null));
        tx.Commit();
        projection.Forget();
        (_committed, _inSync) = (null, true);
    }

    private async Task<(Checkpoint Next, int Applied)> ApplyBatchAsync(
        SqliteConnection connection, Checkpoint checkpoint, List<RecordedEvent> page, long before, Stopwatch clock,
        GlobalPosition? head, Action<ProjectionProgress>? progress, CancellationToken ct)
    {
        var tx = connection.BeginTransaction(); // BEGIN IMMEDIATE: one runner at a time per read model, across processes
        var committed = false;
        try
        {
            var stored = Checkpoints.Read(connection, tx, projection.Name);
            if (stored?.Position != checkpoint.Position)
            {
                // Another process applied events meanwhile: start again from where it got to.
                projection.Forget();
                (_committed, _inSync) = (stored?.Position, true);
                return (stored!, 0);
            }

            var batch = new ProjectionBatch(connection, tx, store);
            var applied = 0;
            foreach (var e in page)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    await projection.ApplyAsync(LedgerEvent.Decode(e), batch, ct);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    throw new ProjectionFailedException(projection.Name, e, error);
                }
                applied++;
                if (progress is not null && applied % _options.ProgressEvery == 0)
                    progress(new(projection.Name, e.Position, head, before + applied, clock.Elapsed));
            }
            projection.Flush(batch);
            var next = checkpoint with
            {
                Position = page[^1].Position,
                EventsApplied = checkpoint.EventsApplied + applied,
                UpdatedAt = DateTimeOffset.UtcNow,
                Failure = null,
            };
            Checkpoints.Write(connection, tx, next);
            tx.Commit();
            committed = true;
            _committed = next.Position;
            progress?.Invoke(new(projection.Name, next.Position, head, before + applied, clock.Elapsed));
            return (next, applied);
        }
        catch (ProjectionFailedException failed)
        {
            tx.Rollback();
            tx.Dispose();
            projection.Forget();
            _inSync = false;
            await KeepWhatPrecedesAsync(connection, checkpoint, page, failed, ct);
            throw;
        }
        finally
        {
            if (!committed)
            {
                // Cancelled or crashed mid-batch: nothing of the batch stays, in the file or in memory.
                projection.Forget();
                _inSync = false;
            }
            tx.Dispose();
        }
    }

    /// <summary>Commits the events of the batch before the one that failed, then stores the failure.</summary>
    private async Task KeepWhatPrecedesAsync(SqliteConnection connection, Checkpoint checkpoint, List<RecordedEvent> page, ProjectionFailedException failed, CancellationToken ct)
    {
        var good = page.TakeWhile(e => e.EventId != failed.EventId).ToList();
        if (good.Count > 0)
        {
            var (next, _) = await ApplyBatchAsync(connection, checkpoint, good, 0, Stopwatch.StartNew(), null, null, ct);
            checkpoint = next;
        }
        using var tx = connection.BeginTransaction();
        var stored = Checkpoints.Read(connection, tx, projection.Name) ?? checkpoint;
        Checkpoints.Write(connection, tx, stored with { Failure = failed.ToFailure(), UpdatedAt = DateTimeOffset.UtcNow });
        tx.Commit();
    }

    private async Task<GlobalPosition?> HeadAsync(CancellationToken ct) =>
        store is ILogHead head ? await head.HeadAsync(ct) : null;
}
