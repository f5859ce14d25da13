using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// One stream's events folded on the decoder's thread of a bulk load read stream by stream (<see cref="BulkRebuild"/>), ahead
/// of the thread that applies them and writes the rows: the load's two stages share the work instead of the applying one doing
/// most of it (docs/performance.md, round 61). Made for a stream by <see cref="IBulkProjection.FoldAhead"/>; given the stream's
/// decoded events in order, and nothing else of it once it has returned null.
/// </summary>
public interface IStreamFold
{
    /// <summary>
    /// What the applying side applies in place of <paramref name="e"/> (<see cref="IBulkProjection.ApplyFolded"/>); null: not
    /// folded here — <paramref name="e"/> and the stream's later events are applied as those of any load are.
    /// </summary>
    object? Fold(LedgerEvent e);
}
