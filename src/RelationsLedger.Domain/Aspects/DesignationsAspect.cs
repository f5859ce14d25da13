using System.Collections.Immutable;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Aspects;

// One party lists the other on a list (a terrorist list, say) under a legal authority, and delists it.
// A listing may be suspended (a court suspends a ban: still listed, not in force) and reinstated.
// A listing is identified by its actor and its list (matched without regard to case or blanks).

/// <summary>The actor lists the counterpart on a list (e.g. a terrorist list), under a legal authority.</summary>
[EventType("DesignationImposed", 1)]
public sealed record DesignationImposed(string Actor, string Counterpart, string List, string Authority, string? Reference) : IDirectionalEvent;

[EventType("DesignationRemoved", 1)]
public sealed record DesignationRemoved(string Actor, string Counterpart, string List, string Authority, string? Reference) : IDirectionalEvent;

/// <summary>The listing stays on the list but is not in force (e.g. a court suspends a ban), under an authority.</summary>
[EventType("DesignationSuspended", 1)]
public sealed record DesignationSuspended(string Actor, string Counterpart, string List, string Authority, string? Reference) : IDirectionalEvent;

/// <summary>A suspended listing is in force again.</summary>
[EventType("DesignationReinstated", 1)]
public sealed record DesignationReinstated(string Actor, string Counterpart, string List, string Authority, string? Reference) : IDirectionalEvent;

/// <summary>A listing. Suspended: on the list but not in force; reinstating clears it, removing ends it.</summary>
public sealed record Designation(string Actor, string Counterpart, string List, string Authority, string? Reference, PartialDate Since, Guid EventId, Ending? Ended = null, Ending? Suspended = null) : ITenure
{
    ItemStatus ITenure.Status => (Ended, Suspended) switch
    {
        (not null, _) => ItemStatus.Ended,
        (null, not null) => ItemStatus.Suspended,
        _ => ItemStatus.InForce,
    };

    PartialDate ITenure.LastChange => Ended?.On ?? Suspended?.On ?? Since;
}

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

    /// <summary>
    /// The listing, when <paramref name="also"/> holds of it too: one predicate a search. <c>d => Listing(actor, list)(d) &amp;&amp; …</c>
    /// made a new predicate for every designation it looked at (20 MB of a 1M rebuild; issue #16, round 59).
    /// </summary>
    private static Predicate<Designation> Listing(string actor, string list, Predicate<Designation> also) =>
        d => d.Actor == actor && ItemLists.SameTitle(d.List, list) && also(d);

    private static string Authority(string authority, string? reference) => $"{authority}{(reference is null ? "" : $" ({reference})")}";

    /// <summary>The listing that is on the list (in force or suspended), if any.</summary>
    private static Designation? Listed(RelationshipState s, string actor, string list) =>
        s.Designations.Find(Listing(actor, list, d => d.Ended is null));

    private static Conflict? NotListed(RelationshipState s, string actor, string counterpart, string list, PartialDate on) =>
        Rules.MayEnd(s.Designations.Find(Listing(actor, list)), $"no designation of {counterpart} by {actor} on '{list}' is listed on {on}");

    public static readonly Aspect Declared = new("designations", [Kind],
    [
        Transition.Of<DesignationImposed>(
            (s, _, e) => Listed(s, e.Actor, e.List) switch
            {
                { Suspended: { } suspended } => new($"{e.Actor} already lists {e.Counterpart} on '{e.List}', suspended since {suspended.On}: reinstate it instead", suspended.EventId),
                { } d => new($"{e.Actor} already designates {e.Counterpart} on '{e.List}' (since {d.Since})", d.EventId),
                null => null,
            },
            (s, f, e) => s.With(Kind, s.Designations.Upsert(Listing(e.Actor, e.List),
                new(e.Actor, e.Counterpart, e.List, e.Authority, e.Reference, f.EffectiveDate, f.EventId)))),
        Transition.Of<DesignationRemoved>(
            (s, f, e) => Rules.MayEnd(s.Designations.Find(Listing(e.Actor, e.List)),
                $"no designation of {e.Counterpart} by {e.Actor} on '{e.List}' is in force on {f.EffectiveDate}"),
            (s, f, e) => s.With(Kind, s.Designations.ChangeWhere(Listing(e.Actor, e.List, d => d.Ended is null),
                d => d with { Ended = Fold.End(f, Authority(e.Authority, e.Reference)) }))),
        Transition.Of<DesignationSuspended>(
            (s, f, e) => Listed(s, e.Actor, e.List) is { Suspended: { } suspended }
                ? new($"the designation of {e.Counterpart} by {e.Actor} on '{e.List}' is already suspended (since {suspended.On})", suspended.EventId)
                : NotListed(s, e.Actor, e.Counterpart, e.List, f.EffectiveDate),
            (s, f, e) => s.With(Kind, s.Designations.ChangeWhere(Listing(e.Actor, e.List, d => d.InForce()),
                d => d with { Suspended = Fold.End(f, Authority(e.Authority, e.Reference)) }))),
        Transition.Of<DesignationReinstated>(
            (s, f, e) => Listed(s, e.Actor, e.List) is { Suspended: null } d
                ? new($"the designation of {e.Counterpart} by {e.Actor} on '{e.List}' is in force (since {d.Since}), not suspended", d.EventId)
                : NotListed(s, e.Actor, e.Counterpart, e.List, f.EffectiveDate),
            // In force again from the reinstatement: it is the change an as-of answer dates the status by.
            (s, f, e) => s.With(Kind, s.Designations.ChangeWhere(Listing(e.Actor, e.List, d => d is { Ended: null, Suspended: not null }),
                d => d with { Suspended = null, Since = f.EffectiveDate, EventId = f.EventId }))),
    ]);
}
