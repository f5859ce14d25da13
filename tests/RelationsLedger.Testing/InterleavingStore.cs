using RelationsLedger.Application.Storage;

namespace RelationsLedger.Testing;

/// <summary>
/// A real store with another writer slipping in: before the next append (one command's, or a batch's to several
/// streams) it runs <see cref="Before"/> once — which writes through the same store, as a concurrent command would
/// between the writer's read and its append. <see cref="Before"/> may set itself again to slip in before every append.
/// Everything else goes straight to the store.
/// </summary>
public sealed class InterleavingStore(IEventStore inner) : DelegatingStore(inner)
{
    public Func<Task>? Before { get; set; }

    public int ManyAppends { get; private set; }

    public override async Task<AppendResult> AppendAsync(string stream, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
    {
        await SlipInAsync();
        return await Inner.AppendAsync(stream, expected, events, ct);
    }

    public override async Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
    {
        ManyAppends++;
        await SlipInAsync();
        return await Inner.AppendManyAsync(appends, ct);
    }

    private async Task SlipInAsync()
    {
        if (Before is { } before)
        {
            Before = null;
            await before();
        }
    }
}
