using System.Collections.Immutable;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Aspects;

// One party lists the other on a list (a terrorist list, say) under a legal authority, and delists it.
// A listing is identified by its actor and its list (matched without regard to case or blanks).

/// <summary>The actor lists the counterpart on a list (e.g. a terrorist list), under a legal authority.</summary>
[EventType("DesignationImposed", 1)]
public sealed record DesignationImposed(string Actor, string Counterpart, string List, string Authority, string? Reference) : IDirectionalEvent;

[EventType("DesignationRemoved", 1)]
public sealed record DesignationRemoved(string Actor, string Counterpart, string List, string Authority, string? Reference) : IDirectionalEvent;

public sealed record Designation(string Actor, string Counterpart, string List, string Authority, string? Reference, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public static class DesignationsAspect
{
    public static readonly TenureKind<Designation> Kind = new("designations", 2, "Designation")
    {
        Identity = d => Keys.Of(d.Actor, d.List),
        Label = d => $"{d.Actor} · {d.List}",
        Describes = d => $"{d.Actor} lists {d.Counterpart} on '{d.List}' ({d.Authority})",
        Index = d => new(d.Actor, d.Counterpart),
    };

    extension(RelationshipState s)
    {
        public ImmutableList<Designation> Designations => s.Get(Kind);
    }

    extension(IStateView v)
    {
        public IReadOnlyList<ItemView<Designation>> Designations => v.Sections.Tenures(Kind);
    }

    private static Predicate<Designation> Listing(string actor, string list) => d => d.Actor == actor && ItemLists.SameTitle(d.List, list);

    private static string Authority(string authority, string? reference) => $"{authority}{(reference is null ? "" : $" ({reference})")}";

    public static readonly Aspect Declared = new("designations", [Kind],
    [
        Transition.Of<DesignationImposed>(
            (s, _, e) => s.Designations.Find(d => Listing(e.Actor, e.List)(d) && d.InForce()) is { } d
                ? new($"{e.Actor} already designates {e.Counterpart} on '{e.List}' (since {d.Since})", d.EventId) : null,
            (s, f, e) => s.With(Kind, s.Designations.Upsert(Listing(e.Actor, e.List),
                new(e.Actor, e.Counterpart, e.List, e.Authority, e.Reference, f.EffectiveDate, f.EventId)))),
        Transition.Of<DesignationRemoved>(
            (s, f, e) => Rules.MayEnd(s.Designations.Find(Listing(e.Actor, e.List)),
                $"no designation of {e.Counterpart} by {e.Actor} on '{e.List}' is in force on {f.EffectiveDate}"),
            (s, f, e) => s.With(Kind, s.Designations.ChangeWhere(d => Listing(e.Actor, e.List)(d) && d.InForce(),
                d => d with { Ended = Fold.End(f, Authority(e.Authority, e.Reference)) }))),
    ]);
}
