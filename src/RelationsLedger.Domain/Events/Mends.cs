using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Events;

/// <summary>
/// Corrects an earlier event of the same relationship from the moment it is recorded: a new
/// effective date, a replacement of the same type, or both. The original stays in the record.
/// </summary>
[EventType("EntryCorrected", 1)]
public sealed record EntryCorrected(Guid Target, string Reason, PartialDate? EffectiveDate, IRelationshipEvent? Replacement) : IMendEvent;

/// <summary>Withdraws an earlier event of the same relationship from the moment it is recorded.</summary>
[EventType("EntryRetracted", 1)]
public sealed record EntryRetracted(Guid Target, string Reason) : IMendEvent;
