using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Storage;

/// <summary>
/// Who recorded an event, from which sources, and in which conversation of messages; <paramref name="RecordedThrough"/>
/// is the name of the API key it came through (null when it did not come through the API).
/// </summary>
public sealed record Provenance(string RecordedBy, IReadOnlyList<Source> Sources, Guid CorrelationId, Guid CausationId, string? RecordedThrough = null);
