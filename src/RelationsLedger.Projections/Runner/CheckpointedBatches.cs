using System.Diagnostics;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// Applies pages of the log to a projection, each in one SQLite transaction that also moves the
/// checkpoint, so a crash or a cancellation (a kill mid-batch) loses the whole batch or nothing, and
/// the next run neither repeats nor skips an event. A projection that throws on an event stops there:
/// the events before it are committed, the failure is stored with the event's id, stream and
/// position, and the next run starts with that event again. Keeps track of whether the projection's
/// in-memory state still matches the committed checkpoint (another process may have moved it).
/// </summary>
internal sealed class CheckpointedBatches(IEventStore store, IProjection projection, ProjectionOptions options)
{
    /// <summary>The checkpoint this instance last committed; when the stored one differs another writer moved it.</summary>
    private GlobalPosition? _committed;
    private bool _inSync;

    /// <summary>The file's generation when this instance last made sure of its memory (<see cref="ReadModelGeneration"/>).</summary>
    private long? _generation;

    /// <summary>Whether this instance has made sure of the tables once; after that a question costs no schema work.</summary>
    private bool _schemaReady;

    /// <summary>The stored checkpoint as it is (null: none yet), the table made sure of as <see cref="Prepare"/> does it: once.</summary>
    public Checkpoint? Stored(SqliteConnection connection)
    {
        if (!_schemaReady) Checkpoints.EnsureTable(connection, null);
        return Checkpoints.Read(connection, projection.Name);
    }

    /// <summary>The stored checkpoint, after making sure the tables exist at this projection's version.</summary>
    public Checkpoint Prepare(SqliteConnection connection, LedgerIdentity? ledger)
    {
        if (!_schemaReady)
        {
            Checkpoints.EnsureTable(connection, null);
            LedgerBinding.EnsureTable(connection, null);
        }
        var stored = Checkpoints.Read(connection, projection.Name);
        if (stored is null || stored.Version != projection.Version)
        {
            Reset(connection, ledger, unlessPreparedMeanwhile: true);
            stored = Checkpoints.Read(connection, projection.Name)!;
        }
        else if (!_schemaReady)
        {
            using var tx = connection.BeginTransaction();
            projection.CreateSchema(connection, tx); // idempotent: restores anything missing, e.g. after a kill mid-rebuild
            tx.Commit();
        }
        _schemaReady = true;
        var generation = ReadModelGeneration.Read(connection);
        if (!_inSync || stored.Position != _committed || generation != _generation)
        {
            projection.Forget();
            (_committed, _inSync, _generation) = (stored.Position, true, generation);
        }
        return stored;
    }

    /// <summary>Empties the read model, bound to <paramref name="ledger"/>, with the checkpoint at the start.</summary>
    public void Reset(SqliteConnection connection, LedgerIdentity? ledger, bool unlessPreparedMeanwhile = false)
    {
        Checkpoints.EnsureTable(connection, null);
        LedgerBinding.EnsureTable(connection, null);
        using var tx = connection.BeginTransaction();
        if (unlessPreparedMeanwhile && Checkpoints.Read(connection, projection.Name) is { } now && now.Version == projection.Version)
        {
            // Another runner (or process) made the read model between our look and our lock: resetting
            // it now would throw away what that runner has applied since, and both would apply it all.
            tx.Commit();
            return;
        }
        projection.DropSchema(connection, tx);
        projection.CreateSchema(connection, tx);
        Checkpoints.Write(connection, tx, new(projection.Name, projection.Version, null, 0, DateTimeOffset.UtcNow, null));
        LedgerBinding.Write(connection, tx, ledger, store.Description);
        tx.Commit();
        projection.Forget();
        (_committed, _inSync, _generation) = (null, true, ReadModelGeneration.Read(connection));
    }

    /// <summary>Records which ledger an (already current) read model answers for.</summary>
    public static void Bind(SqliteConnection connection, LedgerIdentity ledger, string storeDescription)
    {
        using var tx = connection.BeginTransaction();
        LedgerBinding.Write(connection, tx, ledger, storeDescription);
        tx.Commit();
    }

    /// <summary>The read model was replaced by a rebuilt file, current up to <paramref name="position"/>.</summary>
    public void Replaced(GlobalPosition? position) => (_committed, _inSync, _schemaReady) = (position, true, false);

    /// <summary>The projection's memory no longer matches the file (a rollback, a cancelled rebuild).</summary>
    public void Unsync()
    {
        projection.Forget();
        _inSync = false;
    }

    public async Task<(Checkpoint Next, int Applied)> ApplyAsync(
        SqliteConnection connection, Checkpoint checkpoint, List<RecordedEvent> page, long before, Stopwatch clock,
        GlobalPosition? head, Action<ProjectionProgress>? progress, CancellationToken ct)
    {
        var tx = connection.BeginTransaction(); // BEGIN IMMEDIATE: one runner at a time per read model, across processes
        var committed = false;
        try
        {
            var stored = Checkpoints.Read(connection, projection.Name);
            var generation = ReadModelGeneration.Read(connection);
            if (stored?.Position != checkpoint.Position || generation != _generation)
            {
                // Another process applied events meanwhile, or made the file again (a rebuild ends at the same checkpoint,
                // with other rows): start again from where it got to, with nothing remembered of the file.
                projection.Forget();
                (_committed, _inSync, _generation) = (stored?.Position, true, generation);
                return (stored!, 0);
            }

            if (checkpoint.Position is null) await BindFirstEventsAsync(connection, tx, ct);
            var batch = new ProjectionBatch(connection, tx, store);
            var applied = 0;
            foreach (var e in page)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    // Not the ledger's (another client wrote it, or it was changed): passed over and recorded. Only an event
                    // that reads as the ledger's and still fails to apply (a bug) stops the projection.
                    if (LedgerEvent.TryDecode(e, out var unreadable) is { } decoded) await projection.ApplyAsync(decoded, batch, ct);
                    else projection.PassOver(e, unreadable!, batch);
                }
                catch (Exception error) when (ProjectionFailedException.Blames(error))
                {
                    throw new ProjectionFailedException(projection.Name, e, error);
                }
                applied++;
                if (progress is not null && applied % options.ProgressEvery == 0)
                    progress(new(projection.Name, e.Position, head, before + applied, clock.Elapsed));
            }
            projection.Flush(batch);
            var next = checkpoint with
            {
                Position = page[^1].Position,
                Last = AppliedEvent.Of(page[^1]),
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
            Unsync();
            await KeepWhatPrecedesAsync(connection, checkpoint, page, failed, ct);
            throw;
        }
        finally
        {
            // Cancelled or crashed mid-batch: nothing of the batch stays, in the file or in memory.
            if (!committed) Unsync();
            tx.Dispose();
        }
    }

    /// <summary>
    /// Binds an empty read model to the store's ledger in the transaction of its first events, if nothing bound it yet. A new
    /// embedded store has its ledger only from its first append, so a read model prepared before (a server's live runner
    /// started on an empty store) stayed unbound, and a live batch then gave it events: the next catch-up took it for an
    /// earlier version's ("it records no ledger it was built from"), emptied it and made it again — under another process's
    /// rebuild claim, a question's 503 "holds nothing yet" from a read model that held the log (round 50).
    /// </summary>
    private async Task BindFirstEventsAsync(SqliteConnection connection, SqliteTransaction tx, CancellationToken ct)
    {
        if (LedgerBinding.Read(connection) is null && await store.IdentityAsync(ct) is { } ledger) LedgerBinding.Write(connection, tx, ledger, store.Description);
    }

    /// <summary>Commits the events of the batch before the one that failed, then stores the failure.</summary>
    private async Task KeepWhatPrecedesAsync(SqliteConnection connection, Checkpoint checkpoint, List<RecordedEvent> page, ProjectionFailedException failed, CancellationToken ct)
    {
        var good = page.TakeWhile(e => e.EventId != failed.EventId).ToList();
        if (good.Count > 0)
        {
            var (next, _) = await ApplyAsync(connection, checkpoint, good, 0, Stopwatch.StartNew(), null, null, ct);
            checkpoint = next;
        }
        using var tx = connection.BeginTransaction();
        var stored = Checkpoints.Read(connection, projection.Name) ?? checkpoint;
        Checkpoints.Write(connection, tx, stored with { Failure = failed.ToFailure(), UpdatedAt = DateTimeOffset.UtcNow });
        tx.Commit();
    }
}
