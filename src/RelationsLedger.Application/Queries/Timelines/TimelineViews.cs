using System.Text.Json;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries.Timelines;

// The answer to GetRelationshipTimeline, as JSON (docs/api.md, "The timeline of a relationship").

/// <summary>
/// A relationship over effective time, as known at a moment: <see cref="Kinds"/> in the state's order, each with its
/// lanes; <see cref="Moments"/>, every recorded-at of the relationship's record (whatever the known-at);
/// <see cref="Events"/>, the events known then, in recording order; <see cref="LastPosition"/>, the global
/// position of its last event (where a live feed of it goes on from).
/// </summary>
public sealed record RelationshipTimelineView(
    string Relationship, string Stream, string PartyA, string PartyB, DateTimeOffset? KnownAt,
    IReadOnlyList<TimelineKind> Kinds, IReadOnlyList<DateTimeOffset> Moments, IReadOnlyList<TimelineEvent> Events, string? LastPosition);

/// <summary>One kind of item (<c>designations</c>) and its lanes; <see cref="Points"/>: its items are moments, drawn as points in one lane.</summary>
public sealed record TimelineKind(string Name, string Title, string Shape, bool Directed, bool Points, IReadOnlyList<TimelineLane> Lanes);

/// <summary>The items of one identity of a kind (a designation by an actor on a list; a party's mission), in effective order.</summary>
public sealed record TimelineLane(string Label, IReadOnlyList<TimelineItem> Items);

/// <summary>
/// One item over time: from <see cref="Start"/> (a partial date: a window when not a day) until <see cref="End"/> —
/// when it ended (<see cref="Ending"/> <c>ended</c>: closed, removed, recalled…), when the next item of its lane took its
/// place (<c>replaced</c>: a mission's new level, relations severed), or never (<c>open</c>); a point has no end (<c>point</c>).
/// </summary>
public sealed record TimelineItem(
    string Status, string Label, string Description, PartialDate Start, Guid StartEventId,
    string Ending, PartialDate? End, Guid? EndEventId, string? EndType, string? EndReason, object Item);

/// <summary>
/// One recorded event, for provenance: both times, who recorded it from which sources, its conversation, what it mends
/// and what mends it. <see cref="EffectiveNow"/> is its effective date in the timeline after corrections (null for a mend
/// or a retracted event); <see cref="Corrected"/> and <see cref="Retracted"/> say whether a mend known then changed it.
/// </summary>
public sealed record TimelineEvent(
    Guid EventId, string Type, ulong Revision, string Position, PartialDate EffectiveDate, PartialDate? EffectiveNow,
    DateTimeOffset RecordedAt, string RecordedBy, string? RecordedThrough, IReadOnlyList<Source> Sources, Guid CorrelationId, Guid CausationId,
    Guid? Mends, IReadOnlyList<Guid> MendedBy, bool Corrected, bool Retracted, JsonElement Data)
{
    public static TimelineEvent Of(LedgerEvent e, PartialDate? effectiveNow, IReadOnlyList<Guid> mendedBy, bool corrected, bool retracted) => new(
        e.EventId, e.Recorded.Type, e.Recorded.Revision, e.Recorded.Position.ToString(), e.Envelope.EffectiveDate, effectiveNow,
        e.RecordedAt, e.Envelope.RecordedBy, e.Envelope.RecordedThrough, e.Envelope.Sources, e.Envelope.CorrelationId, e.Envelope.CausationId,
        (e.Event as IMendEvent)?.Target, mendedBy, corrected, retracted, JsonDocument.Parse(e.Recorded.Data).RootElement.Clone());
}
