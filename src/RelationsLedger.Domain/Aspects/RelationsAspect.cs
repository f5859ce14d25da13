using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Aspects;

// Diplomatic relations between the two parties (mutual): established, severed, restored.

[EventType("RelationsEstablished", 1)]
public sealed record RelationsEstablished(string PartyA, string PartyB) : IMutualEvent
{
    public IMutualEvent Swapped() => this with { PartyA = PartyB, PartyB = PartyA };
}

[EventType("RelationsSevered", 1)]
public sealed record RelationsSevered(string PartyA, string PartyB, string? Reason) : IMutualEvent
{
    public IMutualEvent Swapped() => this with { PartyA = PartyB, PartyB = PartyA };
}

[EventType("RelationsRestored", 1)]
public sealed record RelationsRestored(string PartyA, string PartyB) : IMutualEvent
{
    public IMutualEvent Swapped() => this with { PartyA = PartyB, PartyB = PartyA };
}

public enum RelationsStatus { Established, Severed }

public sealed record DiplomaticRelations(RelationsStatus Status, PartialDate Since, Guid EventId) : IStateItem;

/// <summary>
/// Diplomatic relations as of a day: the item's fields and how certain its status is then (relations established in
/// <c>2020-05</c> are only possibly established on 2020-05-10). An answer's own shape: the item's fields and <c>certainty</c>.
/// </summary>
public sealed record DiplomaticRelationsView(RelationsStatus Status, PartialDate Since, Guid EventId, Certainty Certainty) : ISingleView
{
    IStateItem ISingleView.Item => new DiplomaticRelations(Status, Since, EventId);
}

public static class RelationsAspect
{
    public static readonly SingleKind<DiplomaticRelations, DiplomaticRelationsView> Kind = new("relations", 0, "Relations")
    {
        View = (r, certainty) => new(r.Status, r.Since, r.EventId, certainty),
        Identity = _ => "relations",
        Label = r => Names.Of(r.Status),
        Describes = _ => "diplomatic relations",
        Status = r => (Names.Of(r.Status), r.Since),
        Panel = new("relations", $"the status of diplomatic relations between {{a}} and {{b}}, one of {string.Join(", ", Names.All<RelationsStatus>())}", r => Names.Of(r.Status)),
    };

    extension(RelationshipState s)
    {
        public DiplomaticRelations? Relations => s.Single(Kind);
    }

    extension(IStateView v)
    {
        public DiplomaticRelationsView? Relations => v.Sections.Single(Kind);
    }

    private static RelationshipState Set(RelationshipState s, Fact f, RelationsStatus status) => s.With(Kind, new DiplomaticRelations(status, f.EffectiveDate, f.EventId));

    public static readonly Aspect Declared = new("relations", [Kind],
    [
        Transition.Of<RelationsEstablished>(
            (s, _, _) => s.Relations switch
            {
                { Status: RelationsStatus.Established } r => new($"relations are already established (since {r.Since})", r.EventId),
                { Status: RelationsStatus.Severed } r => new($"relations were severed on {r.Since}; record RelationsRestored instead", r.EventId),
                _ => null,
            },
            (s, f, _) => Set(s, f, RelationsStatus.Established)),
        Transition.Of<RelationsSevered>(
            (s, f, _) => s.Relations is { Status: RelationsStatus.Established } ? null : new($"relations are not established on {f.EffectiveDate}", s.Relations?.EventId),
            (s, f, _) => Set(s, f, RelationsStatus.Severed)),
        Transition.Of<RelationsRestored>(
            (s, f, _) => s.Relations is { Status: RelationsStatus.Severed } ? null : new($"relations are not severed on {f.EffectiveDate}", s.Relations?.EventId),
            (s, f, _) => Set(s, f, RelationsStatus.Established)),
    ]);
}
