using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>How and when an item stopped being in force, and the event that did it.</summary>
public sealed record Ending(PartialDate On, Guid EventId, string Type, string? Reason);
