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

    /// <summary>Writes everything the bulk load still holds, and the indexes, in the batch's transaction.</summary>
    void EndBulk(ProjectionBatch batch);
}
