using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Aspects;

// Corrections and retractions of earlier events of the same relationship. They add nothing to the state:
// the timeline applies them to the fact they mend (see Timeline), and Decide checks what they may mend.

/// <summary>
/// Corrects an earlier event of the same relationship from the moment it is recorded: a new
/// effective date, a replacement of the same type, or both. The original stays in the record.
/// </summary>
[EventType("EntryCorrected", 1)]
public sealed record EntryCorrected(Guid Target, string Reason, PartialDate? EffectiveDate, IRelationshipEvent? Replacement) : IMendEvent;

/// <summary>Withdraws an earlier event of the same relationship from the moment it is recorded.</summary>
[EventType("EntryRetracted", 1)]
public sealed record EntryRetracted(Guid Target, string Reason) : IMendEvent;

public static class MendsAspect
{
    public static readonly Aspect Declared = new("mends", [], [Transition.OfMend<EntryCorrected>(), Transition.OfMend<EntryRetracted>()]);
}
