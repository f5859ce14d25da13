namespace RelationsLedger.Application.Storage;

/// <summary>
/// A store that appends a large import faster when it may hold more of its file in memory for the while (the embedded store:
/// its writer's page cache). An import of a million events into the embedded store wrote each page of its index of event ids
/// (random UUIDs: each insert lands on a random page) once per transaction and read it back from the disk whenever the 32 MB
/// page cache had let it go (docs/performance.md, round 60). KurrentDB keeps its own indexes: it does not implement this.
/// </summary>
public interface IAppendsInBulk
{
    /// <summary>
    /// This process's appends use the store's bulk settings until the handle is disposed, which puts back the usual ones.
    /// Nothing else changes: each append, and each transaction, is checked, written and made durable as any other.
    /// </summary>
    /// <param name="eventsPerTransaction">The most events one of the bulk's transactions holds: what it writes before its commit.</param>
    Task<IAsyncDisposable> BulkAsync(int eventsPerTransaction, CancellationToken ct = default);
}
