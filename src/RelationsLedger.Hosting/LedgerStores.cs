using System.Runtime.CompilerServices;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Hosting;

/// <summary>Opens the store a location names — the one place that knows both stores.</summary>
public static class LedgerStores
{
    /// <summary>
    /// Opens the store. The embedded store refuses a folder or a file that is not a ledger; KurrentDB is
    /// asked once, so an unreachable server is named now rather than at the first read.
    /// </summary>
    /// <remarks>
    /// Each store is opened by a method of its own, never inlined: this one's state machine held an awaiter of each store's type,
    /// so opening a file loaded the KurrentDB backend's assembly too (docs/performance.md, round 60).
    /// </remarks>
    public static Task<IEventStore> OpenAsync(StoreLocation location, TimeProvider? clock = null, CancellationToken ct = default) =>
        location.IsKurrentDb ? ConnectAsync(location.Text, ct) : OpenFileAsync(location.File!, clock, ct);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<IEventStore> OpenFileAsync(string file, TimeProvider? clock, CancellationToken ct) =>
        await SqliteEventStore.OpenAsync(file, clock, ct);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<IEventStore> ConnectAsync(string connectionString, CancellationToken ct) =>
        await KurrentDbEventStore.ConnectAsync(connectionString, ct);

    /// <summary>A KurrentDB store not asked anything yet (<see cref="OpenToServeAsync"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IEventStore Unchecked(string connectionString) => KurrentDbEventStore.Connect(connectionString);

    /// <summary>
    /// For <c>ledger serve</c>: as <see cref="OpenAsync"/>, but a KurrentDB store that does not answer now (a node down, not yet
    /// started, electing a leader: <see cref="StoreUnavailableException.Unreachable"/>) is opened all the same, unchecked, and
    /// <paramref name="unreachable"/> says why; the server waits for it as for a store that goes away while it runs. A mistake in
    /// the connection string (TLS, credentials, not a KurrentDB node) still fails at once.
    /// </summary>
    public static async Task<(IEventStore Store, StoreUnavailableException? Unreachable)> OpenToServeAsync(StoreLocation location, CancellationToken ct = default)
    {
        try
        {
            return (await OpenAsync(location, ct: ct), null);
        }
        catch (StoreUnavailableException e) when (e.Unreachable && location.IsKurrentDb)
        {
            return (Unchecked(location.Text), e);
        }
    }

    /// <summary>
    /// For commands that only read: a store where nothing was ever recorded is an error, not an empty answer; an embedded
    /// store's file that does not exist is said to be missing (reading it does not make it).
    /// </summary>
    public static async Task RequireLedgerAsync(StoreLocation location, IEventStore store, CancellationToken ct = default)
    {
        if (location.File is { } file && !File.Exists(file))
            throw new StoreUnavailableException($"There is no ledger at {file}: the file does not exist. Record an event, run 'ledger demo', or name another store with {StoreChoice.Ways}.");
        if (await store.IdentityAsync(ct) is null)
            throw new StoreUnavailableException($"There is no ledger at {store.Description}: nothing was ever recorded there. Record an event, run 'ledger demo', or name another store with {StoreChoice.Ways}.");
    }
}
