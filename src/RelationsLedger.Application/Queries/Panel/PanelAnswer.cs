namespace RelationsLedger.Application.Queries.Panel;

/// <summary>
/// A panel as it streams: its plan (dates, columns), how many rows it will have (for progress), how current the read
/// model behind it is, and its rows — read lazily, relationship by relationship, in key order, each by date, from the
/// same snapshot of the read model as its count and freshness. Enumerate <see cref="Rows"/> once; the snapshot is let go
/// when they have been read to their end, or when the answer is disposed (rows not read, or read in part).
/// </summary>
public sealed record PanelAnswer(PanelPlan Plan, long RowCount, ReadModelFreshness ReadModel, IAsyncEnumerable<PanelRow> Rows) : IDisposable
{
    /// <summary>What the rows are read from (a read model's snapshot, holding a read transaction), if anything.</summary>
    public IDisposable? Source { get; init; }

    public void Dispose() => Source?.Dispose();
}
