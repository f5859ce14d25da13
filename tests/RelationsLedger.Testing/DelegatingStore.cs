using RelationsLedger.Application.Storage;

namespace RelationsLedger.Testing;

/// <summary>
/// A real store seen through a test's window: every call goes to <paramref name="inner"/>, and a test store
/// overrides the calls it watches or steers (<see cref="InterleavingStore"/>, counters of reads).
/// </summary>
public abstract class DelegatingStore(IEventStore inner) : IEventStore
{
    protected IEventStore Inner => inner;

    public string Description => inner.Description;
    public virtual bool AppendsAtomicallyAcrossStreams => inner.AppendsAtomicallyAcrossStreams;

    public virtual Task<AppendResult> AppendAsync(string stream, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default) =>
        inner.AppendAsync(stream, expected, events, ct);

    public virtual Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default) =>
        inner.AppendManyAsync(appends, ct);

    public virtual IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string stream, ReadDirection direction, ulong? from, long maxCount, CancellationToken ct = default) =>
        inner.ReadStreamAsync(stream, direction, from, maxCount, ct);

    public virtual IAsyncEnumerable<RecordedEvent> ReadAllAsync(GlobalPosition? after, long maxCount, StreamFilter filter, CancellationToken ct = default) =>
        inner.ReadAllAsync(after, maxCount, filter, ct);

    /// <summary>A read from a start no event was seen at goes through the plain read, which a test store that watches the log's reads overrides.</summary>
    public virtual IAsyncEnumerable<RecordedEvent> ReadAllAsync(GlobalPosition? after, Guid? eventThere, long maxCount, StreamFilter filter, CancellationToken ct = default) =>
        eventThere is null ? ReadAllAsync(after, maxCount, filter, ct) : inner.ReadAllAsync(after, eventThere, maxCount, filter, ct);

    public virtual IAsyncEnumerable<RecordedEvent> SubscribeToAllAsync(GlobalPosition? after, StreamFilter filter, CancellationToken ct = default) =>
        inner.SubscribeToAllAsync(after, filter, ct);

    /// <summary>As the read: from a start no event was seen at, through the plain subscription, which a test store may override.</summary>
    public virtual IAsyncEnumerable<RecordedEvent> SubscribeToAllAsync(GlobalPosition? after, Guid? eventThere, StreamFilter filter, CancellationToken ct = default) =>
        eventThere is null ? SubscribeToAllAsync(after, filter, ct) : inner.SubscribeToAllAsync(after, eventThere, filter, ct);

    public Task<GlobalPosition?> HeadAsync(CancellationToken ct = default) => inner.HeadAsync(ct);

    public virtual Task<RecordedEvent?> ReadAtAsync(GlobalPosition position, CancellationToken ct = default) => inner.ReadAtAsync(position, ct);

    public Task ProbeAsync(CancellationToken ct = default) => inner.ProbeAsync(ct);

    public IAsyncEnumerable<HiddenStream> HiddenStreamsAsync(CancellationToken ct = default) => inner.HiddenStreamsAsync(ct);

    public IAsyncEnumerable<string> StreamNamesAsync(StreamFilter filter, CancellationToken ct = default) => inner.StreamNamesAsync(filter, ct);

    public Task<LedgerIdentity?> IdentityAsync(CancellationToken ct = default) => inner.IdentityAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
