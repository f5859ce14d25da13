using System.Runtime;
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

    /// <summary>
    /// Drops the read model and applies the whole log again from zero. A projection that can be
    /// loaded in bulk (<see cref="IBulkProjection"/>) is rebuilt into a fresh file beside the read
    /// model, which replaces it atomically at the end (see <see cref="BulkRebuildAsync"/>); then the
    /// events appended meanwhile are caught up as usual.
    /// </summary>
    public async Task<long> RebuildAsync(Action<ProjectionProgress>? progress = null, CancellationToken ct = default)
    {
        if (projection is IBulkProjection bulk)
        {
            long loaded;
            await _gate.WaitAsync(ct);
            try
            {
                loaded = await BulkRebuildAsync(bulk, progress, ct);
            }
            finally
            {
                _gate.Release();
            }
            return loaded + await CatchUpAsync(progress is null ? null : p => progress(p with { EventsThisRun = loaded + p.EventsThisRun }), ct);
        }
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
    /// The rebuild of a bulk projection: the whole log into a new file (<c>…projections.db.rebuild</c>)
    /// with no journal and no syncs, events decoded on a second thread, one transaction per
    /// <see cref="ProjectionOptions.BulkCommitEvery"/> events, the projection writing each row once
    /// when it is final, and the indexes made at the end. Only then does the file replace the read
    /// model, by a rename. A crash or a cancellation before that leaves the previous read model as it
    /// was and the unfinished file is thrown away by the next rebuild: a rebuild starts again from zero,
    /// so the file needs no journal. An event the projection cannot apply makes it fall back to the
    /// batch-by-batch rebuild, which stops on that event and stores the failure.
    /// </summary>
    private async Task<long> BulkRebuildAsync(IBulkProjection bulk, Action<ProjectionProgress>? progress, CancellationToken ct)
    {
        var temporary = database.Path + ".rebuild";
        DeleteFile(temporary);
        var clock = Stopwatch.StartNew();
        var profile = new BulkRebuildProfile();
        var (gen2, pause) = (GC.CollectionCount(2), GC.GetTotalPauseDuration());
        // A relationship's objects live until it ends: avoid blocking full collections meanwhile.
        var latency = GCSettings.LatencyMode;
        GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        var head = await HeadAsync(ct);
        long applied = 0;
        GlobalPosition? last = head;
        var completed = false;
        using var decodedCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateBounded<StreamChunk>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => DecodeAsync(channel.Writer, head, decodedCts.Token), decodedCts.Token);
        ProjectionProgress Progress() => new(projection.Name, last, head, applied, clock.Elapsed)
        {
            Done = head is { Commit: > 0 } h ? Math.Min(1.0, (double)applied / h.Commit) : null,
        };
        try
        {
            using (var connection = ReadModelDatabase.OpenForBulkLoad(temporary))
            {
                bulk.BeginBulk();
                Checkpoints.EnsureTable(connection, null);
                var tx = connection.BeginTransaction();
                projection.CreateSchema(connection, tx);
                var batch = new ProjectionBatch(connection, tx, store);
                long sinceCommit = 0;
                var waiting = Stopwatch.GetTimestamp();
                await foreach (var chunk in channel.Reader.ReadAllAsync(ct))
                {
                    profile.Waiting += Stopwatch.GetElapsedTime(waiting);
                    foreach (var d in chunk.Events)
                    {
                        ct.ThrowIfCancellationRequested();
                        try
                        {
                            await projection.ApplyAsync(d.Event ?? throw d.Error!, batch, ct);
                        }
                        catch (Exception error) when (error is not OperationCanceledException)
                        {
                            throw new ProjectionFailedException(projection.Name, d.Recorded, error);
                        }
                        applied++;
                        if (head is null && (last is null || d.Recorded.Position > last.Value)) last = d.Recorded.Position;
                        if (progress is not null && applied % _options.ProgressEvery == 0) progress(Progress());
                    }
                    if (chunk.Last) bulk.CompleteStream(chunk.Stream, batch);
                    sinceCommit += chunk.Events.Length;
                    if (sinceCommit >= _options.BulkCommitEvery)
                    {
                        tx.Commit();
                        tx.Dispose();
                        tx = connection.BeginTransaction();
                        batch = batch with { Transaction = tx };
                        sinceCommit = 0;
                    }
                    waiting = Stopwatch.GetTimestamp();
                }
                await producer; // its failure (a read error) fails the rebuild
                profile.Loading = clock.Elapsed;
                bulk.EndBulk(batch);
                Checkpoints.Write(connection, tx, new(projection.Name, projection.Version, last, applied, DateTimeOffset.UtcNow, null));
                tx.Commit();
                tx.Dispose();
                profile.Finishing = clock.Elapsed - profile.Loading;
            }
            database.ClearPool();
            Replace(temporary);
            profile.Total = clock.Elapsed;
            profile.Gen2Collections = GC.CollectionCount(2) - gen2;
            profile.GcPause = GC.GetTotalPauseDuration() - pause;
            LastBulkRebuild = profile;
            completed = true;
            (_committed, _inSync, _schemaReady) = (last, true, false);
            progress?.Invoke(new(projection.Name, last, head, applied, clock.Elapsed));
            return applied;
        }
        catch (ProjectionFailedException)
        {
            // Stop where the batch-by-batch rebuild stops, with the failure stored, the events before it kept.
            await CancelAsync(decodedCts, producer);
            projection.Forget();
            database.ClearPool();
            DeleteFile(temporary);
            using var connection = database.Open();
            Reset(connection);
            return 0;
        }
        finally
        {
            GCSettings.LatencyMode = latency;
            if (!completed)
            {
                await CancelAsync(decodedCts, producer);
                projection.Forget();
                _inSync = false;
                database.ClearPool();
                DeleteFile(temporary);
            }
        }
    }

    /// <summary>Where the time of the last bulk rebuild went (for benchmarks and docs/performance.md).</summary>
    public BulkRebuildProfile? LastBulkRebuild { get; private set; }

    private readonly record struct Decoded(RecordedEvent Recorded, LedgerEvent? Event, Exception? Error);

    private readonly record struct StreamChunk(string Stream, Decoded[] Events, bool Last);

    /// <summary>
    /// The second thread of a bulk rebuild: reads the log one stream at a time, up to the head it had
    /// when the rebuild started (a consistent cut: later events are caught up after the swap), and
    /// decodes each event once. A store without a stream catalog is read in log order once to find the
    /// streams (and the head, when the store cannot say).
    /// </summary>
    private async Task DecodeAsync(ChannelWriter<StreamChunk> writer, GlobalPosition? head, CancellationToken ct)
    {
        const int chunkSize = 1024; // small arrays: never on the large object heap
        try
        {
            var streams = new List<string>();
            await foreach (var name in store.StreamNamesAsync(StreamFilter.Relationships, ct)) streams.Add(name);
            foreach (var stream in streams)
            {
                var chunk = new List<Decoded>(chunkSize);
                await foreach (var e in store.ReadStreamAsync(stream, ReadDirection.Forwards, null, long.MaxValue, ct))
                {
                    if (head is null || e.Position > head.Value) break;
                    if (chunk.Count == chunkSize)
                    {
                        await writer.WriteAsync(new(stream, [.. chunk], false), ct);
                        chunk.Clear();
                    }
                    try
                    {
                        chunk.Add(new(e, LedgerEvent.Decode(e), null));
                    }
                    catch (Exception error)
                    {
                        chunk.Add(new(e, null, error));
                    }
                }
                await writer.WriteAsync(new(stream, [.. chunk], true), ct);
            }
            writer.TryComplete();
        }
        catch (Exception error)
        {
            writer.TryComplete(error);
            throw;
        }
    }

    private static async Task CancelAsync(CancellationTokenSource cts, Task producer)
    {
        await cts.CancelAsync();
        await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// Puts the rebuilt file in place of the read model. The old file is first taken out of WAL mode
    /// (which checkpoints and removes its -wal and -shm files, waiting for other connections), so no
    /// stale log can be applied to the new file; the rename itself is atomic.
    /// </summary>
    private void Replace(string rebuilt)
    {
        if (File.Exists(database.Path))
        {
            using (var old = ReadModelDatabase.OpenPlain(database.Path))
            {
                using var cmd = old.CreateCommand();
                cmd.CommandText = "PRAGMA journal_mode = DELETE";
                var mode = cmd.ExecuteScalar() as string;
                if (!string.Equals(mode, "delete", StringComparison.OrdinalIgnoreCase))
                    throw new IOException($"The read model {database.Path} is in use by another process; the rebuild was not put in place.");
            }
            database.ClearPool();
        }
        File.Move(rebuilt, database.Path, overwrite: true);
        DeleteFile(database.Path + "-wal");
        DeleteFile(database.Path + "-shm");
    }

    private static void DeleteFile(string path)
    {
        foreach (var f in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
            if (File.Exists(f)) File.Delete(f);
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
            Reset(connection, unlessPreparedMeanwhile: true);
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

    private void Reset(SqliteConnection connection, bool unlessPreparedMeanwhile = false)
    {
        Checkpoints.EnsureTable(connection, null);
        using var tx = connection.BeginTransaction();
        if (unlessPreparedMeanwhile && Checkpoints.Read(connection, tx, projection.Name) is { } now && now.Version == projection.Version)
        {
            // Another runner (or process) made the read model between our look and our lock: resetting
            // it now would throw away what that runner has applied since, and both would apply it all.
            tx.Commit();
            return;
        }
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

    private Task<GlobalPosition?> HeadAsync(CancellationToken ct) => store.HeadAsync(ct);
}
