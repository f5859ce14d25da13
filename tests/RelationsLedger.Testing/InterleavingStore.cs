using RelationsLedger.Application.Storage;

namespace RelationsLedger.Testing;

/// <summary>
/// A real store with another writer slipping in: before the next append to several streams (a batch's), it runs
/// <see cref="Before"/> once — which writes through the same store, as a concurrent command would between the
/// batch's read and its append. Everything else goes straight to the store.
/// </summary>
public sealed class InterleavingStore(IEventStore inner) : IEventStore
{
    public Func<Task>? Before { get; set; }

    public int ManyAppends { get; private set; }

    public string Description => inner.Description;
    public bool AppendsAtomicallyAcrossStreams => inner.AppendsAtomicallyAcrossStreams;

    public Task<AppendResult> AppendAsync(string stream, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default) =>
        inner.AppendAsync(stream, expected, events, ct);

    public async Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
    {
        ManyAppends++;
        if (Before is { } before)
        {
            Before = null;
            await before();
        }
        return await inner.AppendManyAsync(appends, ct);
    }

    public IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string stream, ReadDirection direction, ulong? from, long maxCount, CancellationToken ct = default) =>
        inner.ReadStreamAsync(stream, direction, from, maxCount, ct);

    public IAsyncEnumerable<RecordedEvent> ReadAllAsync(GlobalPosition? after, long maxCount, StreamFilter filter, CancellationToken ct = default) =>
        inner.ReadAllAsync(after, maxCount, filter, ct);

    public IAsyncEnumerable<RecordedEvent> SubscribeToAllAsync(GlobalPosition? after, StreamFilter filter, CancellationToken ct = default) =>
        inner.SubscribeToAllAsync(after, filter, ct);

    public Task<GlobalPosition?> HeadAsync(CancellationToken ct = default) => inner.HeadAsync(ct);

    public IAsyncEnumerable<string> StreamNamesAsync(StreamFilter filter, CancellationToken ct = default) => inner.StreamNamesAsync(filter, ct);

    public Task<LedgerIdentity?> IdentityAsync(CancellationToken ct = default) => inner.IdentityAsync(ct);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
