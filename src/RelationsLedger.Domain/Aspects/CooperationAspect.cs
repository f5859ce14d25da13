using System.Collections.Immutable;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Aspects;

// Promises of help from one party to the other, e.g. against a common adversary. Beyond the rules.

/// <summary>The actor promises help to the counterpart, e.g. against a common adversary (a party id).</summary>
[EventType("CooperationPledged", 1)]
public sealed record CooperationPledged(string Actor, string Counterpart, string Domain, string? Adversary) : IDirectionalEvent;

public sealed record Pledge(string Actor, string Counterpart, string Domain, string? Adversary, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public static class CooperationAspect
{
    public static readonly TenureKind<Pledge> PledgeKind = new("pledges", 8, "Pledge")
    {
        Identity = p => Keys.Of(p.EventId.ToString()),
        Label = p => $"{p.Actor} · {p.Domain} · {p.Since}",
        Describes = p => $"{p.Actor} to {p.Counterpart}: {p.Domain}{(p.Adversary is { } a ? $" against {a}" : "")}",
        Index = p => new(p.Actor, p.Counterpart),
        Momentary = true,
    };

    extension(RelationshipState s)
    {
        public ImmutableList<Pledge> Pledges => s.Get(PledgeKind);
    }

    extension(IStateView v)
    {
        public IReadOnlyList<ItemView<Pledge>> Pledges => v.Sections.Tenures(PledgeKind);
    }

    public static readonly Aspect Declared = new("cooperation", [PledgeKind],
    [
        Transition.Unruled<CooperationPledged>((s, f, e) => s.With(PledgeKind, s.Pledges.AddAtEnd(new(e.Actor, e.Counterpart, e.Domain, e.Adversary, f.EffectiveDate, f.EventId)))),
    ]);
}
