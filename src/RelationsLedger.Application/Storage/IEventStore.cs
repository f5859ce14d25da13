namespace RelationsLedger.Application.Storage;

/// <summary>
/// The event store port. Every implementation passes the same conformance suite
/// (tests/RelationsLedger.Store.Conformance): the embedded SQLite store and KurrentDB.
/// </summary>
public interface IEventStore : IAsyncDisposable
{
    /// <summary>
    /// Appends all <paramref name="events"/> or none. Fails with <see cref="WrongExpectedRevisionException"/>
    /// when the stream does not meet <paramref name="expected"/>. Repeating an append already made
    /// (same event ids, same expectation) changes nothing and returns the original result.
    /// </summary>
    Task<AppendResult> AppendAsync(string stream, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default);

    /// <summary>
    /// Reads a stream from <paramref name="from"/> (inclusive; null: its start, or its end when
    /// reading backwards), at most <paramref name="maxCount"/> events. A missing stream reads empty.
    /// </summary>
    IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string stream, ReadDirection direction, ulong? from, long maxCount, CancellationToken ct = default);

    /// <summary>Reads the global log forwards, strictly after <paramref name="after"/> (null: from the start).</summary>
    IAsyncEnumerable<RecordedEvent> ReadAllAsync(GlobalPosition? after, long maxCount, StreamFilter filter, CancellationToken ct = default);

    /// <summary>
    /// A catch-up subscription: every event strictly after <paramref name="after"/> in global order,
    /// then new events as they are appended, until cancelled. Never skips or repeats an event.
    /// </summary>
    IAsyncEnumerable<RecordedEvent> SubscribeToAllAsync(GlobalPosition? after, StreamFilter filter, CancellationToken ct = default);

    /// <summary>Where the store lives, for messages (a file path or a server address).</summary>
    string Description { get; }
}
