using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries.Across;

/// <summary>
/// Which items of a relationship's state (as of a day, as folded) answer each question across
/// relationships. One definition for the read-model handlers and for the straight fold that
/// checks them: an item counts when it is in force, or when its ending only possibly took
/// effect by the day (then it is possibly still in force, and the answer says "possible").
/// </summary>
public static class AcrossRelationships
{
    public static bool Counts(ITenure item, DateOnly asOf) => item.Ended is null || item.CertaintyAsOf(asOf) == Certainty.Possible;

    public static IEnumerable<RelationshipItemView<Designation>> DesignationsBy(Domain.State.RelationshipState s, string party, DateOnly asOf) =>
        DesignationsBy(s.Key.ToString(), s.Designations, party, asOf);

    /// <summary>
    /// The same of one relationship's designations (in list order) without its state: the relationship named by its key
    /// (<c>A~B</c>). The read model's rows of the party give the list, and assembling a whole state from them for each
    /// relationship cost more than the answer (round 51).
    /// </summary>
    public static IEnumerable<RelationshipItemView<Designation>> DesignationsBy(string relationship, IEnumerable<Designation> designations, string party, DateOnly asOf) =>
        designations.Where(d => d.Actor == party && Counts(d, asOf)).Select(d => RelationshipItemView<Designation>.Of(relationship, d, asOf));

    public static IEnumerable<RelationshipItemView<Designation>> DesignationsOf(Domain.State.RelationshipState s, string party, DateOnly asOf) =>
        DesignationsOf(s.Key.ToString(), s.Designations, party, asOf);

    /// <summary>The same of one relationship's designations without its state (<see cref="DesignationsBy(string, IEnumerable{Designation}, string, DateOnly)"/>).</summary>
    public static IEnumerable<RelationshipItemView<Designation>> DesignationsOf(string relationship, IEnumerable<Designation> designations, string party, DateOnly asOf) =>
        designations.Where(d => d.Counterpart == party && Counts(d, asOf)).Select(d => RelationshipItemView<Designation>.Of(relationship, d, asOf));

    /// <summary>
    /// The party's missions at <paramref name="minimum"/> or above as of the day. A mission below it is still listed when
    /// the change that took it there is dated only to a year or month covering the day: that change may not have happened
    /// yet, so the mission may still be at the level it had before — listed as that earlier version, possibly so, with the
    /// version it may already be (<see cref="RelationshipItemView{T}.PossiblyChangedTo"/>), as a mission possibly closed
    /// is listed as possibly ended. <paramref name="versionBefore"/> gives the version the mission had just before the fact
    /// that made a version of it (<see cref="MissionVersions"/>), as known at the same moment.
    /// </summary>
    public static IEnumerable<RelationshipItemView<Mission>> MissionsAtLeast(
        Domain.State.RelationshipState s, string party, MissionLevel minimum, DateOnly asOf, Func<Mission, Mission?> versionBefore) =>
        MissionsAtLeast(s.Key.ToString(), s.Missions, party, minimum, asOf, versionBefore);

    /// <summary>
    /// The same of one relationship's missions (in list order) without its state, the relationship named by its key
    /// (<c>A~B</c>), as <see cref="DesignationsBy(string, IEnumerable{Designation}, string, DateOnly)"/>.
    /// </summary>
    public static IEnumerable<RelationshipItemView<Mission>> MissionsAtLeast(
        string relationship, IEnumerable<Mission> missions, string party, MissionLevel minimum, DateOnly asOf, Func<Mission, Mission?> versionBefore)
    {
        foreach (var mission in Listed(missions, party, asOf))
        {
            if (mission.Level.IsAtLeast(minimum)) yield return RelationshipItemView<Mission>.Of(relationship, mission, asOf);
            else if (WalksBack(mission, minimum, asOf) && PossiblyStillAt(mission, minimum, asOf, versionBefore) is { } earlier)
                yield return new(relationship, ItemStatus.InForce, Certainty.Possible, earlier) { PossiblyChangedTo = mission };
        }
    }

    /// <summary>True when the party has a mission among <paramref name="missions"/> whose earlier versions <see cref="MissionsAtLeast(string, IEnumerable{Mission}, string, MissionLevel, DateOnly, Func{Mission, Mission?})"/> may walk back through.</summary>
    public static bool MayWalkBack(IEnumerable<Mission> missions, string party, MissionLevel minimum, DateOnly asOf) =>
        Listed(missions, party, asOf).Any(m => WalksBack(m, minimum, asOf));

    private static IEnumerable<Mission> Listed(IEnumerable<Mission> missions, string party, DateOnly asOf) =>
        missions.Where(m => m.Actor == party && Counts(m, asOf));

    /// <summary>A mission below the level whose version may not have begun yet: the walk back to an earlier version starts from it.</summary>
    private static bool WalksBack(Mission mission, MissionLevel minimum, DateOnly asOf) =>
        !mission.Level.IsAtLeast(minimum) && !mission.Since.CertainlyOnOrBefore(asOf);

    /// <summary>
    /// The latest earlier version of the mission at <paramref name="minimum"/> or above that may still hold as of the day:
    /// walking back, version by version in the fold's order, while each version's change is only possibly before the day
    /// (two changes of one year both may be ahead). A mission opened anew walks back to the one closed before it only while
    /// that closing too may be ahead.
    /// </summary>
    private static Mission? PossiblyStillAt(Mission mission, MissionLevel minimum, DateOnly asOf, Func<Mission, Mission?> versionBefore)
    {
        for (var version = mission; !version.Since.CertainlyOnOrBefore(asOf);)
        {
            var before = versionBefore(version);
            if (before is null) return null;
            if (before.Ended is { } closed)
            {
                if (closed.On.CertainlyOnOrBefore(asOf)) return null;
                before = before with { Ended = null };
            }
            if (before.Level.IsAtLeast(minimum)) return before;
            version = before;
        }
        return null;
    }

    /// <summary>
    /// The facts of a resolved timeline (mends applied) that took effect, certainly or possibly,
    /// between two days inclusive: certain when the fact's whole date interval lies inside.
    /// </summary>
    public static IEnumerable<ChangeView> ChangesBetween(IEnumerable<Fact> resolvedTimeline, DateOnly from, DateOnly to) =>
        resolvedTimeline.Where(f => f.EffectiveDate.Start <= to && f.EffectiveDate.End >= from)
            .Select(f => new ChangeView(f.EventId, f.Type, f.EffectiveDate,
                f.EffectiveDate.Start >= from && f.EffectiveDate.End <= to ? Certainty.Certain : Certainty.Possible, f.RecordedAt));
}
