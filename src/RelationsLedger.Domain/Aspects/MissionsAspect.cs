using System.Collections.Immutable;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Aspects;

// One party's diplomatic mission in the other: opened at a level, raised or lowered, closed.
// A party has at most one mission in the other.

/// <summary>The level of one party's mission in another, greatest first (the order matters: "at least level L").</summary>
public enum MissionLevel
{
    Embassy,
    AmbassadorNonresident,
    Legation,
    EnvoyNonresident,
    Consulate,
    ConsulNonresident,
    Liaison,
    InterestsSection,
}

public static class MissionLevels
{
    /// <summary>True when <paramref name="level"/> is <paramref name="minimum"/> or greater.</summary>
    public static bool IsAtLeast(this MissionLevel level, MissionLevel minimum) => level <= minimum;
}

/// <summary>The actor's diplomatic mission in the counterpart opens.</summary>
/// <param name="ProtectingPower">For an interests section: the party under whose flag it works.</param>
[EventType("MissionOpened", 1)]
public sealed record MissionOpened(string Actor, string Counterpart, MissionLevel Level, string? City, string? ProtectingPower) : IDirectionalEvent;

[EventType("MissionLevelChanged", 1)]
public sealed record MissionLevelChanged(string Actor, string Counterpart, MissionLevel Level, string? City, string? ProtectingPower) : IDirectionalEvent;

[EventType("MissionClosed", 1)]
public sealed record MissionClosed(string Actor, string Counterpart, string? Reason) : IDirectionalEvent;

public sealed record Mission(string Actor, string Counterpart, MissionLevel Level, string? City, string? ProtectingPower, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public static class MissionsAspect
{
    public static readonly TenureKind<Mission> Kind = new("missions", 5, "Mission")
    {
        Identity = m => Keys.Of(m.Actor),
        Label = m => $"{m.Actor} · {m.Counterpart}",
        Describes = m => $"{m.Actor}'s {Names.Of(m.Level)} in {m.Counterpart}{(m.City is { } c ? $" ({c})" : "")}",
        Index = m => new(m.Actor, m.Counterpart, (int)m.Level),
        Panel = new("mission_{a}_in_{b}", $"the level of {{a}}'s mission in {{b}}, one of {string.Join(", ", Names.All<MissionLevel>())}", m => Names.Of(m.Level)),
    };

    extension(RelationshipState s)
    {
        public ImmutableList<Mission> Missions => s.Get(Kind);
    }

    extension(IStateView v)
    {
        public IReadOnlyList<ItemView<Mission>> Missions => v.Sections.Tenures(Kind);
    }

    private static RelationshipState Open(RelationshipState s, Fact f, string actor, string counterpart, MissionLevel level, string? city, string? protectingPower) =>
        s.With(Kind, s.Missions.Upsert(m => m.Actor == actor, new(actor, counterpart, level, city, protectingPower, f.EffectiveDate, f.EventId)));

    public static readonly Aspect Declared = new("missions", [Kind],
    [
        Transition.Of<MissionOpened>(
            (s, _, e) => s.Missions.Find(m => m.Actor == e.Actor && m.InForce()) is { } m
                ? new($"{e.Actor}'s mission in {e.Counterpart} is already open ({Names.Of(m.Level)}, since {m.Since})", m.EventId) : null,
            (s, f, e) => Open(s, f, e.Actor, e.Counterpart, e.Level, e.City, e.ProtectingPower)),
        Transition.Of<MissionLevelChanged>(
            (s, f, e) => s.Missions.Find(m => m.Actor == e.Actor && m.InForce()) switch
            {
                null => new($"{e.Actor} has no open mission in {e.Counterpart} on {f.EffectiveDate}", s.Missions.Find(m => m.Actor == e.Actor)?.Ended?.EventId),
                var m when m.Level == e.Level => new($"{e.Actor}'s mission in {e.Counterpart} is already at level {Names.Of(e.Level)} (since {m.Since})", m.EventId),
                _ => null,
            },
            (s, f, e) => Open(s, f, e.Actor, e.Counterpart, e.Level, e.City, e.ProtectingPower)),
        Transition.Of<MissionClosed>(
            (s, f, e) => Rules.MayEnd(s.Missions.Find(m => m.Actor == e.Actor), $"{e.Actor} has no open mission in {e.Counterpart} on {f.EffectiveDate}"),
            (s, f, e) => s.With(Kind, s.Missions.ChangeWhere(m => m.Actor == e.Actor && m.InForce(), m => m with { Ended = Fold.End(f, e.Reason) }))),
    ]);
}
