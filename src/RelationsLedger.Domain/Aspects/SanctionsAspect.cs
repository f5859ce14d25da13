using System.Collections.Immutable;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Aspects;

// Measures of one party against the other, by programme (matched without regard to case or blanks).

[EventType("SanctionsImposed", 1)]
public sealed record SanctionsImposed(string Actor, string Counterpart, string Programme, string Scope) : IDirectionalEvent;

[EventType("SanctionsLifted", 1)]
public sealed record SanctionsLifted(string Actor, string Counterpart, string Programme) : IDirectionalEvent;

public sealed record SanctionsRegime(string Actor, string Counterpart, string Programme, string Scope, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public static class SanctionsAspect
{
    public static readonly TenureKind<SanctionsRegime> Kind = new("sanctions", 6, "Sanctions")
    {
        Identity = x => Keys.Of(x.Actor, x.Programme),
        Label = x => $"{x.Actor} · {x.Programme}",
        Describes = x => $"{x.Actor} on {x.Counterpart}: {x.Programme}",
        Index = x => new(x.Actor, x.Counterpart),
    };

    extension(RelationshipState s)
    {
        public ImmutableList<SanctionsRegime> Sanctions => s.Get(Kind);
    }

    extension(IStateView v)
    {
        public IReadOnlyList<ItemView<SanctionsRegime>> Sanctions => v.Sections.Tenures(Kind);
    }

    private static Predicate<SanctionsRegime> Programme(string actor, string programme) => x => x.Actor == actor && ItemLists.SameTitle(x.Programme, programme);

    /// <summary>The actor's live regime of that programme. One predicate for the whole search, not one made per regime looked at.</summary>
    private static Predicate<SanctionsRegime> ProgrammeInForce(string actor, string programme) => x => x.Actor == actor && ItemLists.SameTitle(x.Programme, programme) && x.InForce();

    public static readonly Aspect Declared = new("sanctions", [Kind],
    [
        Transition.Of<SanctionsImposed>(
            (s, _, e) => s.Sanctions.Find(ProgrammeInForce(e.Actor, e.Programme)) is { } x
                ? new($"{e.Actor}'s sanctions programme '{e.Programme}' against {e.Counterpart} is already in force (since {x.Since})", x.EventId) : null,
            (s, f, e) => s.With(Kind, s.Sanctions.Upsert(Programme(e.Actor, e.Programme), new(e.Actor, e.Counterpart, e.Programme, e.Scope, f.EffectiveDate, f.EventId)))),
        Transition.Of<SanctionsLifted>(
            (s, f, e) => Rules.MayEnd(s.Sanctions.Find(Programme(e.Actor, e.Programme)),
                $"{e.Actor} has no sanctions programme '{e.Programme}' in force against {e.Counterpart} on {f.EffectiveDate}"),
            (s, f, e) => s.With(Kind, s.Sanctions.ChangeWhere(ProgrammeInForce(e.Actor, e.Programme), x => x with { Ended = Fold.End(f) }))),
    ]);
}
