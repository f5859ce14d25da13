namespace RelationsLedger.Application.Storage;

/// <summary>
/// A store that can append to several streams in one transaction: all of the batch or none of it,
/// each append checked against its expected revision after the appends before it in the batch.
/// Bulk writers (import) use it when the store offers it, for one commit, and so one sync, per batch
/// instead of one per stream. KurrentDB has no multi-stream transaction, so it does not offer it.
/// </summary>
public interface IBatchAppendingStore : IEventStore
{
    Task<IReadOnlyList<AppendResult>> AppendBatchAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default);
}
