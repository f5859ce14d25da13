namespace RelationsLedger.Application.Queries.Panel;

/// <summary>
/// A panel as it streams: its plan (dates, columns), how many rows it will have (for progress), how current the read
/// model behind it is, and its rows — read lazily, relationship by relationship, in key order, each by date. Enumerate
/// <see cref="Rows"/> once.
/// </summary>
public sealed record PanelAnswer(PanelPlan Plan, long RowCount, ReadModelFreshness ReadModel, IAsyncEnumerable<PanelRow> Rows);
