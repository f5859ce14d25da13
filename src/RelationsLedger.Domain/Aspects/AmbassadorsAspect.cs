using System.Collections.Immutable;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Aspects;

// The sending party's ambassador in the receiving party: nominated (pending agrément), accredited (in
// post), recalled by the sender or expelled by the receiver. At most one ambassador of a sender is in post.

/// <summary>An ambassador event is about the sending party's ambassador in the receiving party.</summary>
public interface IAmbassadorEvent : IDirectionalEvent
{
    string Sending { get; }
    string Receiving { get; }
    string Person { get; }
}

/// <summary>The sending party asks the receiving party for agrément; pending until accredited.</summary>
[EventType("AmbassadorNominated", 1)]
public sealed record AmbassadorNominated(string Sending, string Receiving, string Person) : IAmbassadorEvent
{
    public string Actor => Sending;
    public string Counterpart => Receiving;
}

/// <summary>Credentials accepted: the ambassador is in post.</summary>
[EventType("AmbassadorAccredited", 1)]
public sealed record AmbassadorAccredited(string Sending, string Receiving, string Person) : IAmbassadorEvent
{
    public string Actor => Sending;
    public string Counterpart => Receiving;
}

[EventType("AmbassadorRecalled", 1)]
public sealed record AmbassadorRecalled(string Sending, string Receiving, string Person, string? Reason) : IAmbassadorEvent
{
    public string Actor => Sending;
    public string Counterpart => Receiving;
}

/// <summary>The receiving party expels the ambassador: the receiving party is the actor.</summary>
[EventType("AmbassadorExpelled", 1)]
public sealed record AmbassadorExpelled(string Sending, string Receiving, string Person, string? Reason) : IAmbassadorEvent
{
    public string Actor => Receiving;
    public string Counterpart => Sending;
}

public sealed record AmbassadorTenure(string Sending, string Receiving, string Person, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public sealed record Nomination(string Sending, string Receiving, string Person, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public static class AmbassadorsAspect
{
    public static readonly TenureKind<AmbassadorTenure> AmbassadorKind = new("ambassadors", 3, "Ambassador")
    {
        Identity = a => Keys.Of(a.Sending),
        Label = a => $"{a.Sending} · {a.Receiving}",
        Describes = a => $"{a.Sending}'s ambassador in {a.Receiving}: {a.Person}",
        Index = a => new(a.Sending, a.Receiving),
        Panel = new("ambassador_{a}_in_{b}", "the name of {a}'s ambassador in post in {b}", a => a.Person),
    };

    public static readonly TenureKind<Nomination> NominationKind = new("nominations", 4, "Nomination")
    {
        Identity = n => Keys.Of(n.Sending, n.Person),
        Label = n => $"{n.Sending} · {n.Person}",
        Describes = n => $"{n.Sending} nominates {n.Person} to {n.Receiving}",
        Index = n => new(n.Sending, n.Receiving),
        Holds = "pending",
    };

    extension(RelationshipState s)
    {
        public ImmutableList<AmbassadorTenure> Ambassadors => s.Get(AmbassadorKind);
        public ImmutableList<Nomination> Nominations => s.Get(NominationKind);
    }

    extension(IStateView v)
    {
        public IReadOnlyList<ItemView<AmbassadorTenure>> Ambassadors => v.Sections.Tenures(AmbassadorKind);
        public IReadOnlyList<ItemView<Nomination>> Nominations => v.Sections.Tenures(NominationKind);
    }

    private static Conflict? Leaves(RelationshipState s, Fact f, IAmbassadorEvent e) =>
        Rules.MayEnd(s.Ambassadors.Find(a => a.Sending == e.Sending && a.Person == e.Person),
            $"{e.Person} is not {e.Sending}'s ambassador in post in {e.Receiving} on {f.EffectiveDate}",
            s.Ambassadors.Find(a => a.Sending == e.Sending && a.InForce()));

    private static RelationshipState Leave(RelationshipState s, Fact f, IAmbassadorEvent e, string reason) =>
        s.With(AmbassadorKind, s.Ambassadors.ChangeWhere(a => a.Sending == e.Sending && a.Person == e.Person && a.InForce(), a => a with { Ended = Fold.End(f, reason) }));

    public static readonly Aspect Declared = new("ambassadors", [AmbassadorKind, NominationKind],
    [
        Transition.Of<AmbassadorNominated>(
            (s, _, e) => s.Nominations.Find(n => n.Sending == e.Sending && n.Person == e.Person && n.InForce()) is { } n
                ? new($"{e.Person} is already nominated by {e.Sending} (since {n.Since})", n.EventId)
                : s.Ambassadors.Find(a => a.Sending == e.Sending && a.Person == e.Person && a.InForce()) is { } a
                    ? new($"{e.Person} is already in post as {e.Sending}'s ambassador (since {a.Since})", a.EventId) : null,
            (s, f, e) => s.With(NominationKind, s.Nominations.Upsert(n => n.Sending == e.Sending && n.Person == e.Person,
                new(e.Sending, e.Receiving, e.Person, f.EffectiveDate, f.EventId)))),
        Transition.Of<AmbassadorAccredited>(
            (s, f, e) => s.Ambassadors.Find(a => a.Sending == e.Sending && a.InForce()) is { } a
                ? new($"{e.Sending} already has an ambassador in post in {e.Receiving} on {f.EffectiveDate}: {a.Person} (since {a.Since})", a.EventId) : null,
            (s, f, e) => s
                .With(AmbassadorKind, s.Ambassadors.Upsert(a => a.Sending == e.Sending, new(e.Sending, e.Receiving, e.Person, f.EffectiveDate, f.EventId)))
                // Nominations are unique by sender and person (a nomination is upserted by them), so the one ended is the only match.
                .With(NominationKind, s.Nominations.ChangeTheOne(n => n.Sending == e.Sending && n.Person == e.Person && n.InForce(), n => n with { Ended = Fold.End(f, "accredited") }))),
        Transition.Of<AmbassadorRecalled>(Leaves, (s, f, e) => Leave(s, f, e, e.Reason ?? "recalled")),
        Transition.Of<AmbassadorExpelled>(Leaves, (s, f, e) => Leave(s, f, e, e.Reason ?? "expelled")),
    ]);
}
