using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// A projection that can be loaded in bulk: during a rebuild into a fresh file it may keep rows in
/// memory and write them when they are final, and create at the end the secondary indexes its rows do not reach in order.
/// </summary>
public interface IBulkProjection : IProjection
{
    /// <summary>Starts a bulk load (before <see cref="IProjection.CreateSchema"/>): drops what is in memory.</summary>
    void BeginBulk();

    /// <summary>
    /// The bulk load gives a stream's events together, in order; after its last one the projection
    /// writes what it holds of the stream and may forget it.
    /// </summary>
    void CompleteStream(string stream, ProjectionBatch batch);

    /// <summary>
    /// A load in log order (<see cref="BulkRebuild"/> on KurrentDB) completes no stream before its end, so every relationship
    /// stays in memory: past the projection's memory bound, the least recently used are written and let go, all but the last
    /// one met. Returns the streams let go: the load gives their later events after the log's end, a stream at a time, and the
    /// first of them restores the relationship from its stream and its rows, as a catch-up does.
    /// </summary>
    IReadOnlyList<string> KeepWithinBound(ProjectionBatch batch);

    /// <summary>
    /// A fold of <paramref name="stream"/>'s events on the decoder's thread (<see cref="IStreamFold"/>), for a load that reads the
    /// log stream by stream; null when the projection folds every event where it applies it. Called on the decoder's thread,
    /// possibly before <see cref="BeginBulk"/>: it reads nothing the projection holds.
    /// </summary>
    IStreamFold? FoldAhead(string stream);

    /// <summary>
    /// Applies an event folded ahead (<see cref="IStreamFold.Fold"/> gave <paramref name="folded"/>), in the stream's order with
    /// its other events: what <see cref="IProjection.ApplyAsync"/> would have done with it, the fold already made.
    /// </summary>
    void ApplyFolded(LedgerEvent e, object folded, ProjectionBatch batch);

    /// <summary>Writes everything the bulk load still holds, and the indexes, in the batch's transaction.</summary>
    void EndBulk(ProjectionBatch batch);
}
