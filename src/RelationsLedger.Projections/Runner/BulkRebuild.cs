using System.Diagnostics;
using System.Threading.Channels;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// Where a bulk rebuild's time went: the load (and, of it, the time the projection waited for decoded events), the finish
/// (rows still in memory and the indexes), the whole; and the processor time the process spent in the load and in the finish
/// (all its threads: the decoder's, SQLite's sorter threads, the collector's) — on a shared machine the wall times are the
/// machine's, these much less so. The load's two stages apart (<see cref="StageClock"/>): the decoder (reading the log and
/// decoding it) and the projection applying (folding and writing rows), each at work and waiting for the other — the load
/// goes at the pace of the one that waits less.
/// </summary>
public sealed record RebuildPhases(TimeSpan Loading, TimeSpan Waiting, TimeSpan Finishing, TimeSpan Total)
{
    public TimeSpan LoadingCpu { get; init; }
    public TimeSpan FinishingCpu { get; init; }

    /// <summary>The decoder at work (wall), its thread's processor time meanwhile, and its wait for room in the channel (the projection behind).</summary>
    public TimeSpan DecoderBusy { get; init; }
    public TimeSpan DecoderCpu { get; init; }
    public TimeSpan DecoderWaiting { get; init; }

    /// <summary>The projection applying at work (wall) and its thread's processor time meanwhile; its wait is <see cref="Waiting"/>.</summary>
    public TimeSpan ApplyingBusy { get; init; }
    public TimeSpan ApplyingCpu { get; init; }

    /// <summary>How many of the events applied were folded on the decoder's thread (<see cref="IStreamFold"/>).</summary>
    public long FoldedAhead { get; init; }
}

/// <summary>
/// The rebuild of a bulk projection: the whole log into a new file (<c>…projections.db.rebuild</c>)
/// with no journal and no syncs, events decoded on a second thread, one transaction per
/// <see cref="ProjectionOptions.BulkCommitEvery"/> events, the projection writing each row once when it
/// is final, the indexes its rows reach in order kept as it goes and the others made at the end. Only then does the file replace the read model, by a
/// rename (<see cref="ReadModelFile.Replace"/>). A crash or a cancellation before that leaves the
/// previous read model as it was, and the unfinished file is thrown away by the next rebuild: a rebuild
/// starts again from zero, so the file needs no journal.
/// Its caller holds the rebuild claim (<see cref="RebuildClaim"/>): one rebuild of a read model at a time.
/// </summary>
internal sealed class BulkRebuild(ReadModelDatabase database, IEventStore store, IBulkProjection projection, ProjectionOptions options)
{
    /// <param name="stillWanted">
    /// Asked first: false when the load is no longer needed — a first catch-up that waited for another
    /// process's load of the same empty read model, which is now loaded (and held open by that process, so a second load
    /// could not take its place). Null: always load (a rebuild asked for).
    /// </param>
    /// <returns>How many events were loaded, the checkpoint's position (the last event applied), and where the time went; null when nothing was loaded as no longer wanted.</returns>
    public async Task<(long Applied, GlobalPosition? Position, RebuildPhases Phases)?> RunAsync(
        LedgerIdentity? ledger, Action<ProjectionProgress>? progress, CancellationToken ct, Func<bool>? stillWanted = null)
    {
        var temporary = database.Path + ".rebuild";
        if (stillWanted?.Invoke() == false) return null;
        ReadModelFile.EnsureReplaceable(database);
        ReadModelFile.Delete(temporary); // what a crashed rebuild left
        var clock = Stopwatch.StartNew();
        var cpuAtStart = Environment.CpuUsage.TotalTime;
        TimeSpan cpuLoading = default, cpuFinishing = default;
        var head = await store.HeadAsync(ct);
        long applied = 0, foldedAhead = 0;
        RecordedEvent? last = null;
        var waiting = TimeSpan.Zero;
        var applying = new StageClock();
        using var decodedCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateBounded<StreamChunk>(new BoundedChannelOptions(ChannelChunks) { SingleReader = true, SingleWriter = true });
        // Stream by stream, positions come out of order: the part done is the events applied over the head's position, which
        // counts events there. In log order it is the position reached (a byte offset on KurrentDB), as a catch-up's.
        var inLogOrder = store is not ICountsPositions;
        ProjectionProgress Progress() => inLogOrder
            ? new(projection.Name, last?.Position, head, applied, clock.Elapsed)
            : new(projection.Name, head, head, applied, clock.Elapsed) { Done = head is { Commit: > 0 } h ? Math.Min(1.0, (double)applied / h.Commit) : null };
        var producer = Task.Run(() => DecodeAsync(channel, head, inLogOrder, decodedCts.Token), decodedCts.Token);
        var completed = false;
        try
        {
            TimeSpan loading, finishing;
            using (var connection = ReadModelDatabase.OpenForBulkLoad(temporary))
            {
                projection.BeginBulk();
                Checkpoints.EnsureTable(connection, null);
                LedgerBinding.EnsureTable(connection, null);
                var tx = connection.BeginTransaction();
                projection.CreateSchema(connection, tx);
                var batch = new ProjectionBatch(connection, tx, store);
                long sinceCommit = 0;
                // In log order: the relationships let go past the memory bound (KeepWithinBound), each with the position up to
                // which its events were applied. Their later events in the log are passed by here and applied after the log's
                // end, a stream at a time (after the producer, below): restored at each next event instead, a relationship let go
                // was read from its stream again and again — past the bound, a rebuild's reads grew with the square of the log.
                var deferred = new Dictionary<string, GlobalPosition>(StringComparer.Ordinal);
                async ValueTask ApplyAsync(Decoded d)
                {
                    ct.ThrowIfCancellationRequested();
                    try
                    {
                        if (d.Folded is { } folded)
                        {
                            projection.ApplyFolded(d.Event!, folded, batch);
                            foldedAhead++;
                        }
                        else if (d.Event is { } decoded) await projection.ApplyAsync(decoded, batch, ct);
                        else projection.PassOver(d.Recorded, d.Unreadable ?? throw d.Error!, batch); // as the batch-by-batch path does
                    }
                    catch (Exception error) when (ProjectionFailedException.Blames(error))
                    {
                        throw new ProjectionFailedException(projection.Name, d.Recorded, error);
                    }
                    applied++;
                    if (last is null || d.Recorded.Position > last.Position) last = d.Recorded;
                    if (progress is not null && applied % options.ProgressEvery == 0) progress(Progress());
                }
                void CommitEvery(int events)
                {
                    sinceCommit += events;
                    if (sinceCommit < options.BulkCommitEvery) return;
                    tx.Commit();
                    tx.Dispose();
                    tx = connection.BeginTransaction();
                    batch = batch with { Transaction = tx };
                    sinceCommit = 0;
                }
                var waitStarted = Stopwatch.GetTimestamp();
                await foreach (var chunk in channel.Reader.ReadAllAsync(ct))
                {
                    waiting += Stopwatch.GetElapsedTime(waitStarted);
                    applying.Start();
                    foreach (var d in chunk.Events)
                        if (deferred.Count == 0 || !deferred.ContainsKey(d.Recorded.Stream)) await ApplyAsync(d);
                    if (chunk is { Last: true, Stream: { } complete }) projection.CompleteStream(complete, batch);
                    else if (chunk.Stream is null && chunk.Events.Length > 0)
                        foreach (var stream in projection.KeepWithinBound(batch)) deferred[stream] = chunk.Events[^1].Recorded.Position;
                    CommitEvery(chunk.Events.Length);
                    applying.Stop();
                    waitStarted = Stopwatch.GetTimestamp();
                }
                await producer; // its failure (a read error) fails the rebuild
                // Each relationship let go: its events after those applied, from its stream (restored once, at the first of them).
                foreach (var (stream, appliedUpTo) in deferred)
                {
                    var count = 0;
                    await foreach (var e in LoggedStream.ReadAsync(store, stream, ct))
                    {
                        if (head is null || e.Position > head.Value) break;
                        if (e.Position <= appliedUpTo) continue;
                        await ApplyAsync(Decode(e));
                        count++;
                    }
                    projection.CompleteStream(stream, batch);
                    CommitEvery(count);
                }
                loading = clock.Elapsed;
                cpuLoading = Environment.CpuUsage.TotalTime - cpuAtStart;
                projection.EndBulk(batch);
                // The checkpoint stands on the last event applied, by position: what follows it up to the head is of no relationship.
                Checkpoints.Write(connection, tx, new(projection.Name, projection.Version, last?.Position, applied, DateTimeOffset.UtcNow, null,
                    last is null ? null : AppliedEvent.Of(last)));
                LedgerBinding.Write(connection, tx, ledger, store.Description);
                tx.Commit();
                tx.Dispose();
                finishing = clock.Elapsed - loading;
                cpuFinishing = Environment.CpuUsage.TotalTime - cpuAtStart - cpuLoading;
            }
            database.ClearPool();
            ReadModelFile.Replace(database, temporary);
            completed = true;
            progress?.Invoke(Progress());
            return (applied, last?.Position, new RebuildPhases(loading, waiting, finishing, clock.Elapsed)
            {
                LoadingCpu = cpuLoading, FinishingCpu = cpuFinishing,
                DecoderBusy = _decoding.Busy, DecoderCpu = _decoding.Cpu, DecoderWaiting = _decoderWaiting,
                ApplyingBusy = applying.Busy, ApplyingCpu = applying.Cpu, FoldedAhead = foldedAhead,
            });
        }
        finally
        {
            if (!completed)
            {
                await decodedCts.CancelAsync();
                await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                projection.Forget();
                database.ClearPool();
                ReadModelFile.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// An event of the log read as the ledger's; or not one of them, and why (<see cref="LedgerEvent.TryDecode"/>); or the error
    /// reading it raised. <paramref name="Folded"/>: the event folded ahead on the decoder's thread (<see cref="IStreamFold"/>).
    /// </summary>
    private readonly record struct Decoded(RecordedEvent Recorded, LedgerEvent? Event, string? Unreadable, Exception? Error, object? Folded = null);

    /// <summary>Events of the log in order; of one stream (<paramref name="Stream"/>), its last ones when <paramref name="Last"/>; of any, read in log order (null).</summary>
    private readonly record struct StreamChunk(string? Stream, Decoded[] Events, bool Last);

    private const int ChunkSize = 1024; // small arrays: never on the large object heap

    private const int ChannelChunks = 8;

    /// <summary>
    /// The second thread: reads the log up to the head it had when the rebuild started (a consistent cut: later events are
    /// caught up after the swap), and decodes each event once. On a store whose positions count its events (the embedded
    /// store) a stream at a time, each completed as it ends (<see cref="IBulkProjection.CompleteStream"/>): there a stream is
    /// an index read. On any other (KurrentDB) the log once, in order, and every relationship is completed at the end
    /// (<see cref="IBulkProjection.EndBulk"/>): a stream at a time there was a read of the whole log for the streams' names
    /// and then a call per relationship — on 5,540 small relationships (20,000 events) 5 times the server's CPU of one read
    /// of the log (docs/performance.md, round 54).
    /// </summary>
    private async Task DecodeAsync(Channel<StreamChunk> channel, GlobalPosition? head, bool inLogOrder, CancellationToken ct)
    {
        var writer = channel.Writer;
        _decoding.Start();
        try
        {
            if (inLogOrder) await InLogOrderAsync(writer, head, ct);
            else await StreamByStreamAsync(writer, () => channel.Reader.Count, head, ct);
            writer.TryComplete();
        }
        catch (Exception error)
        {
            writer.TryComplete(error);
            throw;
        }
        finally
        {
            _decoding.Stop();
        }
    }

    private readonly StageClock _decoding = new();
    private TimeSpan _decoderWaiting;

    /// <summary>Hands a chunk over; the time it waits for room (the projection behind) is the decoder's waiting, not its work.</summary>
    private async ValueTask HandOverAsync(ChannelWriter<StreamChunk> writer, StreamChunk chunk, CancellationToken ct)
    {
        if (writer.TryWrite(chunk)) return;
        _decoding.Stop();
        var started = Stopwatch.GetTimestamp();
        await writer.WriteAsync(chunk, ct);
        _decoderWaiting += Stopwatch.GetElapsedTime(started);
        _decoding.Start();
    }

    /// <summary>
    /// A stream is folded on this thread (<see cref="IBulkProjection.FoldAhead"/>) when, as it begins, the projection is behind by
    /// <see cref="ProjectionOptions.FoldAheadFromBacklog"/> chunks or more (<paramref name="backlog"/>: decoded and not taken yet;
    /// by default half the channel): then this thread would soon wait for room, and the other is short of time. Otherwise the projection folds it where it applies it. So the work of folding
    /// goes to whichever of the two has time for it, and neither waits for the other as long (docs/performance.md, round 61).
    /// </summary>
    private async Task StreamByStreamAsync(ChannelWriter<StreamChunk> writer, Func<int> backlog, GlobalPosition? head, CancellationToken ct)
    {
        var streams = new List<string>();
        await foreach (var name in store.StreamNamesAsync(StreamFilter.RelationshipsAndTombstones, ct)) streams.Add(name);
        var chunk = new List<Decoded>(ChunkSize); // one for every stream: each chunk is handed over as an array of its own
        foreach (var stream in streams)
        {
            // Folded here as far as the projection can (up to an event it must apply itself, then none after it), or not at all.
            var fold = backlog() >= options.FoldAheadFromBacklog ? projection.FoldAhead(stream) : null;
            await foreach (var e in LoggedStream.ReadAsync(store, stream, ct))
            {
                if (head is null || e.Position > head.Value) break;
                if (chunk.Count == ChunkSize)
                {
                    await HandOverAsync(writer, new(stream, [.. chunk], false), ct);
                    chunk.Clear();
                }
                var decoded = Decode(e);
                if (fold is not null)
                {
                    var folded = decoded.Event is { } ledgerEvent ? fold.Fold(ledgerEvent) : null;
                    if (folded is null) fold = null; // this event and the stream's rest: applied as any load's
                    else decoded = decoded with { Folded = folded };
                }
                chunk.Add(decoded);
            }
            await HandOverAsync(writer, new(stream, [.. chunk], true), ct);
            chunk.Clear();
        }
    }

    /// <summary>
    /// The log in order, as a catch-up reads it (hidden streams' events are still there until the server scavenges them, and
    /// a deleted stream's tombstone after them, as <see cref="LoggedStream"/> reads them); no chunk ends a stream.
    /// </summary>
    private async Task InLogOrderAsync(ChannelWriter<StreamChunk> writer, GlobalPosition? head, CancellationToken ct)
    {
        if (head is null) return;
        var chunk = new List<Decoded>(ChunkSize);
        await foreach (var e in store.ReadAllAsync(null, long.MaxValue, StreamFilter.RelationshipsAndTombstones, ct))
        {
            if (e.Position > head.Value) break;
            chunk.Add(Decode(e));
            if (chunk.Count < ChunkSize) continue;
            await HandOverAsync(writer, new(null, [.. chunk], false), ct);
            chunk.Clear();
        }
        if (chunk.Count > 0) await HandOverAsync(writer, new(null, [.. chunk], false), ct);
    }

    private static Decoded Decode(RecordedEvent e)
    {
        try
        {
            return new(e, LedgerEvent.TryDecode(e, out var unreadable), unreadable, null);
        }
        catch (Exception error)
        {
            return new(e, null, null, error); // not a verdict on the event: a failure, thrown where it is applied
        }
    }
}
