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

    /// <summary>Decided by the writer; given to the caller by <see cref="WriteQueue"/>, never on the thread that writes the next group.</summary>
    public AppendAnswer Done { get; } = new();
}
