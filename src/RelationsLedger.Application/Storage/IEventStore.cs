namespace RelationsLedger.Application.Storage;

/// <summary>
/// The event store port. Every implementation passes the same conformance suite
/// (tests/RelationsLedger.Store.Conformance): the embedded SQLite store and KurrentDB.
/// </summary>
public interface IEventStore : IAsyncDisposable
{
    /// <summary>Where the store lives, for messages (a file path or a server address).</summary>
    string Description { get; }

    /// <summary>
    /// Whether <see cref="AppendManyAsync"/> is atomic as a whole (the embedded store: one transaction). When
    /// it is not (KurrentDB has no transaction across streams), each stream's part is atomic on its own.
    /// </summary>
    bool AppendsAtomicallyAcrossStreams { get; }

    /// <summary>
    /// Appends all <paramref name="events"/> or none. Fails with <see cref="WrongExpectedRevisionException"/>
    /// when the stream does not meet <paramref name="expected"/>. Repeating an append already made
    /// (same event ids, same expectation) changes nothing and returns the original result, marked repeated.
    /// An event id already recorded in another stream fails with <see cref="DuplicateEventException"/>.
    /// </summary>
    Task<AppendResult> AppendAsync(string stream, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default);

    /// <summary>
    /// Appends to several streams, each part checked as <see cref="AppendAsync"/> checks it (after the parts
    /// before it). All or nothing when <see cref="AppendsAtomicallyAcrossStreams"/>; otherwise in order, each
    /// part atomic, stopping at the first part that fails with a <see cref="PartialAppendException"/> that says
    /// which parts were appended.
    /// </summary>
    Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default);

    /// <summary>
    /// Reads a stream from <paramref name="from"/> (inclusive; null: its start, or its end when
    /// reading backwards), at most <paramref name="maxCount"/> events. A missing stream reads empty. A forward read that
    /// meets events the store hides (a truncated or deleted stream: <see cref="HiddenStream"/>) throws
    /// <see cref="StreamHiddenException"/> rather than give part of the stream as all of it.
    /// </summary>
    IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string stream, ReadDirection direction, ulong? from, long maxCount, CancellationToken ct = default);

    /// <summary>Reads the global log forwards, strictly after <paramref name="after"/> (null: from the start).</summary>
    IAsyncEnumerable<RecordedEvent> ReadAllAsync(GlobalPosition? after, long maxCount, StreamFilter filter, CancellationToken ct = default);

    /// <summary>
    /// <see cref="ReadAllAsync(GlobalPosition?, long, StreamFilter, CancellationToken)"/> after <paramref name="after"/>, where the caller
    /// has seen the event <paramref name="eventThere"/> (the feed's check of a page's start, or the last event of its chunk before): a store
    /// that reads the event there in the same statement as those after it (the embedded store) throws <see cref="LogReplacedException"/>
    /// when another event, or none, is there, so a file replaced between the caller's look and this read is told as such rather than
    /// read on from its position. Other stores read after the position, as before.
    /// </summary>
    IAsyncEnumerable<RecordedEvent> ReadAllAsync(GlobalPosition? after, Guid? eventThere, long maxCount, StreamFilter filter, CancellationToken ct = default) =>
        ReadAllAsync(after, maxCount, filter, ct);

    /// <summary>
    /// A catch-up subscription: every event strictly after <paramref name="after"/> in global order,
    /// then new events as they are appended, until cancelled. Never skips or repeats an event.
    /// </summary>
    IAsyncEnumerable<RecordedEvent> SubscribeToAllAsync(GlobalPosition? after, StreamFilter filter, CancellationToken ct = default);

    /// <summary>
    /// The subscription from <paramref name="after"/>, where the caller has seen the event <paramref name="eventThere"/> (the feed's
    /// check of a consumer's checkpoint): a store that checks the event it stands on at each look (the embedded store) checks that
    /// one at its first, so a file replaced between the caller's check and the first read is told as such (<see cref="LogReplacedException"/>)
    /// rather than read on from its position. Other stores subscribe from the position, as before.
    /// </summary>
    IAsyncEnumerable<RecordedEvent> SubscribeToAllAsync(GlobalPosition? after, Guid? eventThere, StreamFilter filter, CancellationToken ct = default) =>
        SubscribeToAllAsync(after, filter, ct);

    /// <summary>The global position of the last relationship event, or null when there is none.</summary>
    Task<GlobalPosition?> HeadAsync(CancellationToken ct = default);

    /// <summary>
    /// The event at exactly <paramref name="position"/> in the global log, or null when none is there: a position this
    /// log never gave out, or no longer holds. Lets a reader check that its checkpoint still names the event it read.
    /// </summary>
    Task<RecordedEvent?> ReadAtAsync(GlobalPosition position, CancellationToken ct = default);

    /// <summary>
    /// For a readiness probe: reads the storage itself and throws, with the reason, when it cannot — for
    /// KurrentDB a call to the server; for the embedded store the file as it is on disk now (not a pooled
    /// connection's cached pages), still this ledger's. A store nothing was written to yet passes.
    /// </summary>
    Task ProbeAsync(CancellationToken ct = default);

    /// <summary>
    /// The ledger's streams whose recorded events the store itself now hides from stream reads (<see cref="HiddenStream"/>),
    /// for the audit: a chain checked in the global log cannot see them. None for a store without such operations.
    /// </summary>
    IAsyncEnumerable<HiddenStream> HiddenStreamsAsync(CancellationToken ct = default);

    /// <summary>The names of the streams that match <paramref name="filter"/>, each once.</summary>
    IAsyncEnumerable<string> StreamNamesAsync(StreamFilter filter, CancellationToken ct = default);

    /// <summary>
    /// The ledger this store holds: created with the store (its first append) and kept in it, so that
    /// read models can tell which ledger they were built from. Null when no ledger was ever recorded here.
    /// </summary>
    Task<LedgerIdentity?> IdentityAsync(CancellationToken ct = default);
}

/// <summary>A ledger's identity: a random id given when its store was created, and when that was.</summary>
public sealed record LedgerIdentity(Guid LedgerId, DateTimeOffset CreatedAt)
{
    public override string ToString() => $"{LedgerId:D} (created {CreatedAt:u})";
}
