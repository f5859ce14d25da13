using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Benchmarks.Generation;

/// <summary>
/// One generated change of a relationship, in the relationship's recording order. A correction also
/// carries the field changes a user would type (<see cref="Changes"/>), so that it can be replayed as
/// a <c>CorrectEntry</c> command and produce the very same replacement.
/// </summary>
public sealed record GeneratedEvent(
    RelationshipKey Key,
    Guid EventId,
    PartialDate EffectiveDate,
    IRelationshipEvent Event,
    Provenance Provenance,
    IReadOnlyDictionary<string, string?>? Changes = null);
