using System.Collections.Immutable;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>The columns the read model indexes an item by, for the questions across relationships.</summary>
public readonly record struct IndexColumns(string? Actor, string? Counterpart, int? Level = null);
