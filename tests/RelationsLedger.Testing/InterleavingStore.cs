using RelationsLedger.Application.Storage;

namespace RelationsLedger.Testing;

/// <summary>
/// A real store with another writer slipping in: before the next append to several streams (a batch's), it runs
/// <see cref="Before"/> once — which writes through the same store, as a concurrent command would between the
/// batch's read and its append. Everything else goes straight to the store.
/// </summary>
public sealed class InterleavingStore(IEventStore inner) : DelegatingStore(inner)
{
    public Func<Task>? Before { get; set; }

    public int ManyAppends { get; private set; }

    public override async Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
    {
        ManyAppends++;
        if (Before is { } before)
        {
            Before = null;
            await before();
        }
        return await Inner.AppendManyAsync(appends, ct);
    }
}
