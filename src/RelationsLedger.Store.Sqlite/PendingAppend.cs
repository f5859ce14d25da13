using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// One caller's <see cref="SqliteEventStore.AppendManyAsync"/> waiting for the next group commit: its
/// appends are all or none, whatever happens to the others in the same transaction.
/// </summary>
internal sealed class PendingAppend(IReadOnlyList<StreamAppend> appends, CancellationToken ct)
{
    public IReadOnlyList<StreamAppend> Appends { get; } = appends;

    public CancellationToken Cancellation { get; } = ct;

    /// <summary>Completed off the writer's thread, so the next group is not held up by a caller's continuation.</summary>
    public TaskCompletionSource<IReadOnlyList<AppendResult>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
