using System.Collections.Immutable;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Aspects;

// Forums, summits, delegation visits and talks (mutual). The state keeps the latest ten; beyond the rules.

/// <summary>A forum, summit, delegation visit or talks.</summary>
[EventType("EngagementHeld", 1)]
public sealed record EngagementHeld(string PartyA, string PartyB, string Kind, string? Place, string Title) : IMutualEvent
{
    public IMutualEvent Swapped() => this with { PartyA = PartyB, PartyB = PartyA };
}

public sealed record Engagement(string Kind, string? Place, string Title, PartialDate On, Guid EventId) : IStateItem;

/// <summary>
/// An engagement as of a day: its fields and whether it had certainly been held by then (<c>possible</c> while its month or
/// year straddles the day). An answer's own shape: the engagement's fields and <c>certainty</c>.
/// </summary>
public sealed record EngagementView(string Kind, string? Place, string Title, PartialDate On, Guid EventId, Certainty Certainty) : ISingleView
{
    IStateItem ISingleView.Item => new Engagement(Kind, Place, Title, On, EventId);
}

public static class EngagementsAspect
{
    /// <summary>How many engagements the state keeps: the latest ones.</summary>
    public const int LatestKept = 10;

    public static readonly LatestKind<Engagement, EngagementView> Kind = new("engagements", 10, "Engagement", LatestKept)
    {
        View = (e, certainty) => new(e.Kind, e.Place, e.Title, e.On, e.EventId, certainty),
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
        public IReadOnlyList<EngagementView> Engagements => v.Sections.Latest(Kind);
    }

    public static readonly Aspect Declared = new("engagements", [Kind],
    [
        Transition.AddsLatest<EngagementHeld, Engagement, EngagementView>(Kind, (f, e) => new(e.Kind, e.Place, e.Title, f.EffectiveDate, f.EventId)),
    ]);
}
