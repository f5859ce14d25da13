using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries.Panel;

/// <summary>One cell: the value (for a value column; null when none holds) or the count, and how certain it is.</summary>
public readonly record struct PanelCell(string? Value, int Count, Certainty Certainty);
