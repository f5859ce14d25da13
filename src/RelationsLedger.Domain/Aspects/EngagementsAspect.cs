using System.Collections.Immutable;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Aspects;

// Forums, summits, delegation visits and talks (mutual). The state keeps the latest ten; beyond the rules.

/// <summary>A forum, summit, delegation visit or talks.</summary>
[EventType("EngagementHeld", 1)]
public sealed record EngagementHeld(string PartyA, string PartyB, string Kind, string? Place, string Title) : IMutualEvent;

public sealed record Engagement(string Kind, string? Place, string Title, PartialDate On, Guid EventId) : IStateItem;

public static class EngagementsAspect
{
    /// <summary>How many engagements the state keeps: the latest ones.</summary>
    public const int LatestKept = 10;

    public static readonly LatestKind<Engagement> Kind = new("engagements", 10, "Engagement", LatestKept)
    {
        Identity = e => Keys.Of(e.EventId.ToString()),
        Label = e => $"{e.Title} · {e.On}",
        Describes = e => $"{e.Title} ({e.Kind}{(e.Place is { } p ? $", {p}" : "")})",
        Status = e => ("held", e.On),
    };

    extension(RelationshipState s)
    {
        public ImmutableList<Engagement> Engagements => s.Get(Kind);
    }

    extension(IStateView v)
    {
        public IReadOnlyList<Engagement> Engagements => v.Sections.Latest(Kind);
    }

    public static readonly Aspect Declared = new("engagements", [Kind],
    [
        Transition.AddsLatest<EngagementHeld, Engagement>(Kind, (f, e) => new(e.Kind, e.Place, e.Title, f.EffectiveDate, f.EventId)),
    ]);
}
