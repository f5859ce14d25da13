using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries.Panel;

/// <summary>One row of a panel: a relationship as of a date, one cell per column of the plan.</summary>
public sealed record PanelRow(string Relationship, string PartyA, string PartyB, DateOnly Date, IReadOnlyList<PanelCell> Cells);
