namespace RelationsLedger.Application.Storage;

/// <summary>
/// Optional for a store: the names of its streams, cheaply. A bulk rebuild of a read model uses it
/// to load one relationship at a time (reading each stream whole) instead of the interleaved log;
/// without it the rebuild finds the streams by reading the log once.
/// </summary>
public interface IStreamCatalog
{
    IAsyncEnumerable<string> StreamNamesAsync(StreamFilter filter, CancellationToken ct = default);
}
