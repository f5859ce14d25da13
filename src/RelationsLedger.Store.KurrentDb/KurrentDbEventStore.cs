using System.Runtime.CompilerServices;
using Grpc.Core;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Connection;
using RelationsLedger.Store.KurrentDb.Mapping;
using RelationsLedger.Store.KurrentDb.Protocol;
using RelationsLedger.Store.KurrentDb.Subscriptions;
using ReadOptions = RelationsLedger.Store.KurrentDb.Protocol.ReadReq.Types.Options;

namespace RelationsLedger.Store.KurrentDb;

/// <summary>
/// The event store on KurrentDB (or EventStoreDB 20.10+) over its public gRPC protocol. Each ledger
/// event is one KurrentDB event: same id, <c>type</c> = its type name, data = its JSON, custom
/// metadata = its envelope, so official clients read it as any other JSON event. Global positions
/// are KurrentDB's (commit, prepare) pairs.
/// </summary>
public sealed class KurrentDbEventStore : IEventStore, IReadsLogBackwards, IReservesEventIds, IReadsHidingRecords, IReadsFromFollowers, ISaysSubscriptionDrops
{
    private readonly KurrentDbConnection _connection;
    private readonly bool _ownsConnection;

    public KurrentDbEventStore(KurrentDbConnection connection, bool ownsConnection = false)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
    }

    /// <summary>
    /// A store on the server named by <paramref name="connectionString"/> (e.g.
    /// <c>kurrentdb://localhost:2113?tls=false</c>). Nothing is sent until the first call; use
    /// <see cref="ConnectAsync"/> to fail early when the server cannot be reached.
    /// </summary>
    public static KurrentDbEventStore Connect(string connectionString) => new(KurrentDbConnection.Create(connectionString), ownsConnection: true);

    /// <summary>As <see cref="Connect"/>, and checks the server answers; throws <see cref="StoreUnavailableException"/> naming the address if not.</summary>
    public static async Task<KurrentDbEventStore> ConnectAsync(string connectionString, CancellationToken ct = default)
    {
        var store = Connect(connectionString);
        try
        {
            await store._connection.ConnectAsync(ct);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public string Description => $"KurrentDB at {_connection.Settings.Address}";

    /// <summary>KurrentDB has no transaction across streams: each stream's part of an append is atomic on its own.</summary>
    public bool AppendsAtomicallyAcrossStreams => false;

    /// <summary>Where the ledger's identity is made; the system clock unless a test says otherwise.</summary>
    internal TimeProvider Clock { get; init; } = TimeProvider.System;

    private LedgerIdentity? _identity;

    /// <summary><see cref="KurrentDbConnection.ConnectionsOpened"/> when <see cref="_identity"/> was last read from the server.</summary>
    private long _identityReadAt = -1;

    internal KurrentDbConnection Connection => _connection;

    /// <summary>Pauses between a subscription's attempts after its connection dropped.</summary>
    internal Backoff SubscriptionBackoff { get; init; } = Backoff.Default;

    /// <summary>Told of each dropped subscription connection before it is retried (tests, diagnostics).</summary>
    internal Action<Exception>? OnSubscriptionDropped { get; init; }

    /// <summary>
    /// Whether each event id is reserved for its stream before it is appended, so that an id recorded in another
    /// stream is refused (<see cref="EventIdReservations"/>). Off only to measure what it costs.
    /// </summary>
    internal bool ReservesEventIds { get; init; } = true;

    public async Task<AppendResult> AppendAsync(string stream, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
    {
        if (events.Count == 0) throw new ArgumentException("An append needs at least one event.", nameof(events));
        if (EventIdReservations.Applies(stream))
        {
            // Both before the append, side by side: the check costs no more time than the reservations already take.
            var reserved = ReservesEventIds ? ReserveAsync(stream, events, ct) : Task.CompletedTask;
            await Task.WhenAll(RefuseRetentionAsync(stream, ct), reserved);
        }
        var result = await AppendToStreamAsync(stream, expected, events, ct);
        if (_identity is null && stream != LedgerIdentityStream.Stream)
        {
            // The ledger's first append creates its identity (once per process, a read after that); it is read first, so an
            // identity another client hid (a soft delete, which the server would let "no stream" write over) is not made
            // again. The event is recorded whatever happens here, and the append must not say otherwise: an identity that
            // cannot be made now is made when next asked for, and one that is hidden is reported where it is read.
            try
            {
                await IdentityAsync(ct);
            }
            catch (Exception e) when (e is StoreUnavailableException or StreamHiddenException)
            {
            }
        }
        return result;
    }

    /// <summary>One part after the other, each atomic; a part that fails stops the rest (see <see cref="IEventStore.AppendManyAsync"/>).</summary>
    public async Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
    {
        var results = new List<AppendResult>(appends.Count);
        foreach (var (stream, expected, events) in appends)
        {
            try
            {
                results.Add(await AppendAsync(stream, expected, events, ct));
            }
            catch (Exception e) when (results.Count > 0 && e is not OperationCanceledException)
            {
                throw new PartialAppendException(results, results.Count, stream, e);
            }
        }
        return results;
    }

    /// <summary>The ledger's identity, read from its stream; made by the first append of a ledger (see <see cref="LedgerIdentityStream"/>).</summary>
    public async Task<LedgerIdentity?> IdentityAsync(CancellationToken ct = default)
    {
        if (_identity is { } known)
        {
            await ConfirmLedgerAsync(ct);
            return known;
        }
        var opened = _connection.ConnectionsOpened;
        await foreach (var e in ReadStreamAsync(LedgerIdentityStream.Stream, ReadDirection.Forwards, 0, 1, ct))
        {
            var identity = LedgerIdentityStream.Read(e) ?? throw new StoreUnavailableException(
                $"{Description}: stream '{LedgerIdentityStream.Stream}' does not start with a {LedgerIdentityStream.EventType} event; it was not written by this ledger.");
            Interlocked.Exchange(ref _identityReadAt, opened);
            return _identity = identity;
        }
        // A ledger recorded before identities existed gets one now; an empty server has none until its first append.
        return await HeadAsync(ct) is null ? null : await EnsureIdentityAsync(ct);
    }

    private async Task<LedgerIdentity> EnsureIdentityAsync(CancellationToken ct)
    {
        try
        {
            var made = await AppendToStreamAsync(LedgerIdentityStream.Stream, ExpectedRevision.NoStream, [LedgerIdentityStream.New(Clock)], ct);
            // Past revision 0: the stream was soft-deleted between the read and this append; the first identity is hidden.
            if (made.NextExpectedRevision > 0) throw HiddenStreamRefusal.Of(new(LedgerIdentityStream.Stream, LedgerIdentityStream.HiddenBefore(made.NextExpectedRevision)));
        }
        catch (WrongExpectedRevisionException)
        {
            // It exists already (another writer made it first, or this ledger is older): read it below.
        }
        _identity = null;
        var opened = _connection.ConnectionsOpened;
        await foreach (var e in ReadStreamAsync(LedgerIdentityStream.Stream, ReadDirection.Forwards, 0, 1, ct))
            _identity = LedgerIdentityStream.Read(e);
        Interlocked.Exchange(ref _identityReadAt, opened);
        return _identity ?? throw new StoreUnavailableException($"{Description}: the ledger's identity could not be read back from '{LedgerIdentityStream.Stream}'.");
    }

    /// <summary>
    /// Refuses a server that no longer holds the ledger this store has read (its identity, <see cref="LedgerIdentityStream"/>):
    /// a node reset or replaced under a running process — a <c>--mem-db</c> node restarted is empty, and the same address
    /// may be given another node — would otherwise be read and written as if it were the same ledger: commands decided on
    /// histories the process keeps (<c>HistoryCache</c>), events recorded into the other log at positions this process has
    /// already given out for other events, read models answering for a log that is gone. The embedded store refuses a
    /// replaced file likewise (<c>SqliteEventStore.RefuseAnotherLedger</c>). Checked only after the connection reached a node
    /// anew (<see cref="KurrentDbConnection.ConnectionsOpened"/>), which a reset always makes it do: one read of one event,
    /// not one per call. While the ledger is another, every call checks again, so a node that holds it again is taken.
    /// </summary>
    private async ValueTask ConfirmLedgerAsync(CancellationToken ct)
    {
        if (await AnotherLedgerAsync(ct) is { } why) throw new StoreUnavailableException(why) { AnotherLedger = true };
    }

    /// <summary>
    /// Why the server no longer holds this store's ledger, or null when it does or need not be asked (<see cref="ConfirmLedgerAsync"/>).
    /// A read of the identity that fails throws as any read does: a node that cannot be reached is not said to hold another ledger.
    /// </summary>
    private async Task<string?> AnotherLedgerAsync(CancellationToken ct)
    {
        if (_identity is not { } known) return null;
        var opened = _connection.ConnectionsOpened;
        if (opened == Interlocked.Read(ref _identityReadAt)) return null;
        var found = false;
        LedgerIdentity? now = null;
        await foreach (var e in ReadStreamAsync(LedgerIdentityStream.Stream, ReadDirection.Forwards, 0, 1, Role.Read, confirmsLedger: false, ct))
            (found, now) = (true, LedgerIdentityStream.Read(e));
        if (now?.LedgerId == known.LedgerId)
        {
            Interlocked.Exchange(ref _identityReadAt, opened);
            return null;
        }
        var holds = now is { } other ? $"another ledger ({other})" : found ? $"a stream '{LedgerIdentityStream.Stream}' this ledger did not write" : "no ledger (its log is empty of it)";
        return $"{Description} now holds {holds}, not the ledger this process has been reading and recording, {known}: the node was reset or " +
            "replaced since (a --mem-db node restarted?). Nothing was read or recorded there; what this process answered and the positions " +
            "it gave out are of the other log. Restart it to take the node as it is now, after putting the ledger back there if it was lost " +
            "(ledger import of an export).";
    }

    /// <summary>
    /// Refuses to append to a relationship stream whose metadata, written by another client, keeps only its last events or
    /// those younger than an age (<c>$maxCount</c>, <c>$maxAge</c>): such metadata may hide nothing yet — a stream of 4 events
    /// kept to its last 4 reads whole, and so did the relationship's verify — but the server hides the earliest as soon as
    /// one more is appended, or each as it ages, so the ledger's own write would complete another client's removal. Before
    /// (round 53), a command on such a stream was recorded (exit 0) and its relationship's first event was hidden from then on.
    /// </summary>
    private async Task RefuseRetentionAsync(string stream, CancellationToken ct)
    {
        if (await MetadataAsync(stream, Role.Write, confirmsLedger: true, ct) is { How: { } how, HidesLaterEvents: true })
            throw HiddenStreamRefusal.Of(new(stream, how) { HidesLaterEvents = true });
    }

    /// <summary>Reserves every event's id for <paramref name="stream"/>; an id another stream holds fails the whole append before anything of it is written.</summary>
    private async Task ReserveAsync(string stream, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        // Several ids go on one call first; what it did not reserve at revision 0 (held already, hidden, failed, not answered)
        // is reserved below, one call each, which says why, as for a single id.
        var left = events.Count > 1 ? await ReserveOnOneCallAsync(stream, events, ct) : events;
        var options = new ParallelOptions { MaxDegreeOfParallelism = EventIdReservations.Parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(left, options, async (e, c) =>
        {
            var reservation = EventIdReservations.StreamOf(e.EventId);
            try
            {
                var reserved = await AppendToStreamAsync(reservation, ExpectedRevision.NoStream, [EventIdReservations.For(e.EventId, stream)], c,
                    $"reserving event id {e.EventId} before appending to stream '{stream}'");
                // The server takes "no stream" on a soft-deleted stream and writes after its old events: a reservation past
                // revision 0 follows one that another client deleted, and which stream that one named cannot be read.
                if (reserved.NextExpectedRevision > 0)
                    throw HiddenStreamRefusal.Of(new(reservation, EventIdReservations.HiddenBefore(reserved.NextExpectedRevision)));
            }
            catch (WrongExpectedRevisionException)
            {
                // Reserved already: by this stream (an append that failed after its reservation) or by another.
                string? holder = null;
                await foreach (var r in ReadStreamAsync(reservation, ReadDirection.Forwards, 0, 1, Role.Write, c)) holder = EventIdReservations.Holder(r);
                if (holder != stream)
                    throw new DuplicateEventException(e.EventId, holder ?? reservation);
            }
        });
    }

    /// <summary>
    /// The reservations of <paramref name="events"/> on one BatchAppend call, <see cref="EventIdReservations.Parallelism"/> in flight:
    /// each is still its own write with "no stream" expected, but the client and the server handle one call, not one per event
    /// (an import's reservations were 100,000 of its ~110,000 calls: docs/performance.md, round 57). Nothing is written before the ledger
    /// is confirmed on the call's connection, as for an append (<see cref="AppendOnceAsync"/>): the first request carries only
    /// the first reservation's options. Returns the events whose reservation the call did not answer as written at revision 0,
    /// in their order: all of them when the call failed.
    /// </summary>
    private async Task<IReadOnlyList<EventData>> ReserveOnOneCallAsync(string stream, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        var ids = events.Select(_ => Guid.NewGuid()).ToArray();
        var reserved = new HashSet<Guid>();
        try
        {
            var attempts = new Attempts(_connection, Role.Write, ct);
            var node = await attempts.NodeAsync();
            var deadline = attempts.Until is { } until ? until - DateTime.UtcNow : (TimeSpan?)null;
            using var call = node.Streams.BatchAppend(attempts.Options);
            await call.RequestStream.WriteAsync(Requests.BatchAppendNoStream(ids[0], EventIdReservations.StreamOf(events[0].EventId), deadline, null), ct);
            await ConfirmLedgerAsync(ct);
            var (sent, answered) = (0, 0);
            Task Send(int i) => call.RequestStream.WriteAsync(Requests.BatchAppendNoStream(ids[i], EventIdReservations.StreamOf(events[i].EventId), deadline,
                EventIdReservations.For(events[i].EventId, stream), withOptions: i > 0), ct);
            while (sent < events.Count && sent < EventIdReservations.Parallelism) await Send(sent++);
            while (answered < events.Count && await call.ResponseStream.MoveNext(ct))
            {
                var answer = call.ResponseStream.Current;
                if (answer.CorrelationId is null) continue; // the server's word that it closes
                answered++;
                if (answer.Success is { CurrentRevisionOptionCase: BatchAppendResp.Types.Success.CurrentRevisionOptionOneofCase.CurrentRevision, CurrentRevision: 0 })
                    reserved.Add(Uuids.FromDto(answer.CorrelationId));
                if (sent < events.Count) await Send(sent++);
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or IOException or InvalidOperationException or StoreUnavailableException { AnotherLedger: false }
                                  && !ct.IsCancellationRequested)
        {
            // Left to the one-call path, whose attempts (a new leader, a deadline) and words are the store's. A call the server ended
            // early (a leader stepping down fails the whole BatchAppend call; a server without it) refuses the next write with
            // InvalidOperationException ("the call is complete") rather than the call's status.
        }
        return reserved.Count == events.Count ? [] : events.Where((_, i) => !reserved.Contains(ids[i])).ToList();
    }

    private async Task<AppendResult> AppendToStreamAsync(string stream, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct, string? doing = null)
    {
        doing ??= $"appending to stream '{stream}'";
        var attempts = new Attempts(_connection, Role.Write, ct);
        while (true)
        {
            var node = await attempts.NodeAsync();
            Responses.Appended appended;
            try
            {
                appended = await AppendOnceAsync(node, stream, expected, events, attempts.Options, ct);
            }
            catch (RpcException e)
            {
                // Sent again only when it certainly did nothing; otherwise the caller hears that the outcome is unknown
                // and repeats it with the same event ids, which the server recognises (never with another expectation).
                if (await attempts.AgainAsync(e, node, changesNothing: false)) continue;
                throw ServerErrors.NotExecuted(e) || !ServerErrors.IsTransient(e)
                    ? ServerErrors.Map(e, node.Endpoint, doing, ct)
                    : ServerErrors.OutcomeUnknown(e, node.Endpoint, doing, ct);
            }
            catch (IOException e)
            {
                throw ServerErrors.OutcomeUnknown(e, node.Endpoint, doing, ct);
            }
            // The server leaves out the position when it recognised the append as a repeat of one
            // already made (same event ids): the original result is where that last event lies.
            if (appended.Position is { } position) return new AppendResult(appended.Revision, position);
            return new AppendResult(appended.Revision, await PositionOfAsync(stream, appended.Revision, ct), Repeated: true);
        }
    }

    /// <summary>
    /// One append call. Its events are sent only once the ledger is confirmed on the connection the call went out on: a
    /// check before the call cannot see that the call will open a new connection (to a node restarted or replaced since),
    /// and the server records an append as soon as its request ends. The first message (the stream and expectation) has
    /// taken a connection when its write returns; refused there, the call is dropped unfinished and the server writes nothing.
    /// </summary>
    private async Task<Responses.Appended> AppendOnceAsync(Node node, string stream, ExpectedRevision expected, IReadOnlyList<EventData> events, CallOptions options, CancellationToken ct)
    {
        using var call = node.Streams.Append(options);
        await call.RequestStream.WriteAsync(Requests.AppendOptions(stream, expected), ct);
        await ConfirmLedgerAsync(ct);
        foreach (var e in events) await call.RequestStream.WriteAsync(Requests.ProposedMessage(e), ct);
        await call.RequestStream.CompleteAsync();
        return Responses.Append(stream, expected, await call.ResponseAsync);
    }

    private async Task<GlobalPosition> PositionOfAsync(string stream, ulong revision, CancellationToken ct)
    {
        // From the leader, which just answered the append: a follower may not have the event yet.
        await foreach (var e in ReadStreamAsync(stream, ReadDirection.Forwards, revision, 1, Role.Write, ct)) return e.Position;
        throw new InvalidDataException($"The server accepted an append to '{stream}' at revision {revision} but the event is not there.");
    }

    /// <summary>Events asked for in one read call; a longer read is made of several calls, each within the deadline.</summary>
    internal int ReadPageSize { get; init; } = Paging.DefaultPageSize;

    public IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string stream, ReadDirection direction, ulong? from, long maxCount, CancellationToken ct = default) =>
        ReadStreamAsync(stream, direction, from, maxCount, Role.Read, ct);

    /// <param name="role"><see cref="Role.Write"/>: read from the leader whatever <c>nodePreference</c> says (the store's own checks after a write).</param>
    private IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string stream, ReadDirection direction, ulong? from, long maxCount, Role role, CancellationToken ct) =>
        ReadStreamAsync(stream, direction, from, maxCount, role, confirmsLedger: true, ct);

    /// <param name="confirmsLedger">False only for the read of the ledger's identity that confirms it (<see cref="ConfirmLedgerAsync"/>).</param>
    private IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string stream, ReadDirection direction, ulong? from, long maxCount, Role role, bool confirmsLedger, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return Paging.Stream(direction, from, maxCount, ReadPageSize, (next, count) => ReadStreamPageAsync(stream, direction, next, count, role, confirmsLedger, ct), ct);
    }

    /// <summary>
    /// One call's events. Revisions are dense, so a forward read gets the revision it starts from first, unless the
    /// server hides it (the stream's metadata, a soft delete); a stream it deleted for good fails the call (a tombstone).
    /// Either is refused (<see cref="StreamHiddenException"/>), never read as the stream's whole record. A stream whose
    /// metadata hides every event from the read's start on (truncated past its end, or all older than its max age) is
    /// no exception: the server answers it as an existing stream with no event there, and says where the stream ends.
    /// </summary>
    private async IAsyncEnumerable<RecordedEvent> ReadStreamPageAsync(string stream, ReadDirection direction, ulong? from, ulong count, Role role, bool confirmsLedger,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var request = Requests.ReadStream(stream, direction, from, count);
        var expected = direction == ReadDirection.Forwards ? from ?? 0 : (ulong?)null;
        await foreach (var response in ReadAsync(request, $"reading stream '{stream}'", role, confirmsLedger, ct))
        {
            if (response.ContentCase == ReadResp.ContentOneofCase.StreamNotFound)
            {
                // A soft-deleted stream reads as one that never was; its metadata says otherwise (one more read, only here). From
                // any revision: a read model checks its checkpoint's event by reading from that revision, and before (round 40)
                // took a soft-deleted stream's event for one no longer in the log, "another history", rebuilding at every start.
                if (expected is not null && await MetadataHidingAsync(stream, role, confirmsLedger, ct) is { } how) throw HiddenStreamRefusal.Of(new(stream, how));
                yield break;
            }
            if (response.ContentCase == ReadResp.ContentOneofCase.LastStreamPosition && expected is { } start && response.LastStreamPosition >= start
                && response.LastStreamPosition != ulong.MaxValue)
                throw HiddenStreamRefusal.Of(new(stream, await MetadataHidingAsync(stream, role, confirmsLedger, ct)
                    ?? $"{StreamMetadata.Revisions(start, response.LastStreamPosition)} hidden by the server"));
            if (response.ContentCase != ReadResp.ContentOneofCase.Event) continue;
            var e = Responses.Event(response.Event.Event);
            if (expected is { } first && e.Revision > first)
                throw HiddenStreamRefusal.Of(new(stream, await MetadataHidingAsync(stream, role, confirmsLedger, ct)
                    ?? $"{StreamMetadata.Revisions(first, e.Revision - 1)} hidden by the server (the stream was truncated)"));
            expected = null;
            yield return e;
        }
    }

    /// <summary>How the stream's metadata hides events of it, or null.</summary>
    private async Task<string?> MetadataHidingAsync(string stream, Role role, bool confirmsLedger, CancellationToken ct) =>
        (await MetadataAsync(stream, role, confirmsLedger, ct))?.How;

    /// <summary>The stream's metadata (its last <c>$$stream</c> event) read as what it hides, or null when it has none.</summary>
    private async Task<(string? How, bool HidesLaterEvents)?> MetadataAsync(string stream, Role role, bool confirmsLedger, CancellationToken ct)
    {
        var request = Requests.ReadStream(StreamMetadata.StreamPrefix + stream, ReadDirection.Backwards, null, 1);
        await foreach (var response in ReadAsync(request, $"reading the metadata of stream '{stream}'", role, confirmsLedger, ct))
            if (response.ContentCase == ReadResp.ContentOneofCase.Event)
                return StreamMetadata.Read(response.Event.Event.Data.Span);
        return null;
    }

    public IAsyncEnumerable<RecordedEvent> ReadAllAsync(GlobalPosition? after, long maxCount, StreamFilter filter, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return ReadAllAsync(after, maxCount, Requests.Filter(filter), e => filter.Matches(e.Stream) && filter.Delivers(e), ct);
    }

    /// <summary>$all after <paramref name="after"/>, filtered on the server by <paramref name="onServer"/>, delivering what <paramref name="matches"/> accepts.</summary>
    private IAsyncEnumerable<RecordedEvent> ReadAllAsync(GlobalPosition? after, long maxCount, ReadOptions.Types.FilterOptions onServer,
        Func<RecordedEvent, bool> matches, CancellationToken ct) =>
        Paging.All(after, maxCount, ReadPageSize, matches, (from, count) => ReadAllPageAsync(Requests.ReadAll(from, count, onServer), ct), ct);

    private IAsyncEnumerable<RecordedEvent> ReadAllPageAsync(ReadReq request, CancellationToken ct) => ReadAllPageAsync(request, Role.Read, ct);

    private async IAsyncEnumerable<RecordedEvent> ReadAllPageAsync(ReadReq request, Role role, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var response in ReadAsync(request, "reading $all", role, confirmsLedger: true, ct))
            if (response.ContentCase == ReadResp.ContentOneofCase.Event) yield return Responses.Event(response.Event.Event);
    }

    /// <summary>
    /// The relationship streams' metadata in force (the last of each <c>$$stream</c>) that hides events, then their
    /// tombstones: two reads of $all, each filtered on the server.
    /// </summary>
    public async IAsyncEnumerable<HiddenStream> HiddenStreamsAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var prefix = StreamFilter.Relationships.StreamPrefix!;
        var metadata = new SortedDictionary<string, RecordedEvent>(StringComparer.Ordinal);
        await foreach (var e in ReadAllAsync(null, long.MaxValue, Requests.MetadataStreamsOf(prefix),
            e => e.Type == StreamMetadata.EventType && e.Stream.StartsWith(StreamMetadata.StreamPrefix + prefix, StringComparison.Ordinal), ct))
            metadata[e.Stream[StreamMetadata.StreamPrefix.Length..]] = e;
        foreach (var e in metadata.Values)
            if (HidingOf(e) is { } hidden) yield return hidden;
        await foreach (var e in ReadAllAsync(null, long.MaxValue, Requests.OfType(Tombstone.Type),
            e => Tombstone.Is(e) && e.Stream.StartsWith(prefix, StringComparison.Ordinal), ct))
            yield return HidingOf(e)!;
    }

    /// <summary>A stream's metadata event (of <c>$$stream</c>) read as what it hides, or a tombstone.</summary>
    public HiddenStream? HidingOf(RecordedEvent record)
    {
        if (Tombstone.Is(record)) return new HiddenStream(record.Stream, Responses.TombstoneHides, record.Position);
        if (record.Type != StreamMetadata.EventType || !record.Stream.StartsWith(StreamMetadata.StreamPrefix, StringComparison.Ordinal)) return null;
        return StreamMetadata.Read(record.Data.Span) is { How: { } how } hiding
            ? new HiddenStream(record.Stream[StreamMetadata.StreamPrefix.Length..], how, record.Position) { HidesLaterEvents = hiding.HidesLaterEvents }
            : null;
    }

    /// <summary>Every event id reservation of the log (<see cref="EventIdReservations"/>): one read of $all, filtered on the server.</summary>
    public async IAsyncEnumerable<EventIdReservation> ReservationsAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var e in ReadAllAsync(null, long.MaxValue, EventIdReservations.Streams, ct))
            if (EventIdReservations.Read(e) is { } reservation) yield return reservation;
    }

    /// <summary>
    /// The reservation of <paramref name="eventId"/>: its stream's first event. A reservation stream another client hid reads as
    /// none here (the whole ledger's audit reads the reservations from $all, which still holds them until a scavenge).
    /// </summary>
    public async ValueTask<EventIdReservation?> ReservationOfAsync(Guid eventId, CancellationToken ct = default)
    {
        try
        {
            await foreach (var e in ReadStreamAsync(EventIdReservations.StreamOf(eventId), ReadDirection.Forwards, 0, 1, ct)) return EventIdReservations.Read(e);
        }
        catch (StreamHiddenException)
        {
        }
        return null;
    }

    /// <summary>The position of the last relationship event of $all, or null when there is none.</summary>
    public Task<GlobalPosition?> HeadAsync(CancellationToken ct = default) => HeadAsync(StreamFilter.Relationships, ct);

    /// <summary>The position of the last event of $all that <paramref name="filter"/> lets through, or null.</summary>
    private async Task<GlobalPosition?> HeadAsync(StreamFilter filter, CancellationToken ct)
    {
        await foreach (var response in ReadAsync(Requests.ReadLastOfAll(filter), "reading the end of $all", ct))
            if (response.ContentCase == ReadResp.ContentOneofCase.Event) return Responses.Event(response.Event.Event).Position;
        return null;
    }

    /// <summary>
    /// The server reads $all from a position inclusively: the first event it gives is the one there, if any — of any stream, a
    /// system stream's too (unfiltered: a filtered read skipped it and gave the next event of another stream). A position
    /// inside the log at which no event starts it refuses (<see cref="ServerErrors.NoEventAtPosition"/>): no event is there either.
    /// </summary>
    public Task<RecordedEvent?> ReadAtAsync(GlobalPosition position, CancellationToken ct = default) => ReadAtAsync(position, Role.Read, ct);

    /// <summary>Reads go to another member than writes only with a preference other than the leader, among several members.</summary>
    public bool ReadsMayTrail => _connection.Settings.NodePreference != NodePreference.Leader && _connection.Settings.Discover;

    /// <summary>As <see cref="ReadAtAsync(GlobalPosition, CancellationToken)"/>, on the leader whatever <c>nodePreference</c> says.</summary>
    public Task<RecordedEvent?> ReadAtOnLeaderAsync(GlobalPosition position, CancellationToken ct = default) => ReadAtAsync(position, Role.Write, ct);

    private async Task<RecordedEvent?> ReadAtAsync(GlobalPosition position, Role role, CancellationToken ct)
    {
        try
        {
            await foreach (var e in ReadAllPageAsync(Requests.ReadAt(position), role, ct))
                return e.Position == position ? e : null;
        }
        catch (StoreUnavailableException e) when (e.InnerException is RpcException r && ServerErrors.NoEventAtPosition(r))
        {
        }
        return null;
    }

    /// <summary>
    /// Pages of a few events backwards from <paramref name="position"/>, filtered on the server, until one is before it
    /// and delivered (a tombstone passes the server's filter, not <see cref="StreamFilter.Delivers"/>). A page shorter
    /// than asked is the start of the log.
    /// </summary>
    public async Task<(bool FromThere, RecordedEvent? Last)> LastBeforeAsync(GlobalPosition position, StreamFilter filter, CancellationToken ct = default)
    {
        const int Page = 16;
        var from = position;
        try
        {
            while (true)
            {
                var read = 0;
                await foreach (var e in ReadAllPageAsync(Requests.ReadAllBackwards(from, Page, filter), ct))
                {
                    read++;
                    if (e.Position < position && filter.Matches(e.Stream) && filter.Delivers(e)) return (true, e);
                    from = e.Position;
                }
                if (read < Page) return (true, null);
            }
        }
        catch (StoreUnavailableException e) when (e.InnerException is RpcException r && ServerErrors.NoEventAtPosition(r))
        {
            return (false, null);
        }
    }

    /// <summary>A call to the server: the end of $all, as <see cref="HeadAsync"/> reads it.</summary>
    public async Task ProbeAsync(CancellationToken ct = default) => await HeadAsync(ct);

    /// <summary>KurrentDB keeps no list of streams a client may rely on ($streams needs the system projections): the log is read once.</summary>
    public async IAsyncEnumerable<string> StreamNamesAsync(StreamFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in ReadAllAsync(null, long.MaxValue, filter, ct))
            if (seen.Add(e.Stream)) yield return e.Stream;
    }

    public IAsyncEnumerable<RecordedEvent> SubscribeToAllAsync(GlobalPosition? after, StreamFilter filter, CancellationToken ct = default) =>
        new AllSubscription(_connection, filter, SubscriptionBackoff, ReadAtAsync, HeadAsync, AnotherLedgerAsync) { OnDropped = Dropped }.RunAsync(after, ct);

    public event Action<Exception>? SubscriptionDropped;

    private void Dropped(Exception e)
    {
        OnSubscriptionDropped?.Invoke(e);
        SubscriptionDropped?.Invoke(e);
    }

    /// <summary>
    /// A read call's responses. A failure before the first response is tried again (on the leader a follower
    /// names, or on whichever member gossip finds) until the deadline; a read changes nothing, so this is safe.
    /// </summary>
    internal IAsyncEnumerable<ReadResp> ReadAsync(ReadReq request, string doing, CancellationToken ct) => ReadAsync(request, doing, Role.Read, confirmsLedger: true, ct);

    /// <param name="confirmsLedger">Whether the first answer is given only once the node is known to hold this store's ledger (<see cref="ConfirmLedgerAsync"/>).</param>
    private async IAsyncEnumerable<ReadResp> ReadAsync(ReadReq request, string doing, Role role, bool confirmsLedger, [EnumeratorCancellation] CancellationToken ct)
    {
        var attempts = new Attempts(_connection, role, ct);
        while (true)
        {
            var node = await attempts.NodeAsync();
            using var call = node.Streams.Read(request, attempts.Options);
            var received = false;
            while (true)
            {
                bool more;
                RpcException? failed = null;
                try
                {
                    more = await call.ResponseStream.MoveNext(ct);
                }
                catch (RpcException e)
                {
                    (more, failed) = (false, e);
                }
                if (failed is not null)
                {
                    if (!received && await attempts.AgainAsync(failed, node, changesNothing: true)) break;
                    throw ServerErrors.Map(failed, node.Endpoint, doing, ct);
                }
                if (!received && confirmsLedger) await ConfirmLedgerAsync(ct); // the call may have reached the node anew
                if (!more) yield break;
                received = true;
                yield return call.ResponseStream.Current;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection) await _connection.DisposeAsync();
    }
}
