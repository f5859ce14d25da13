using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Queries.Across;

/// <summary>
/// The version a party's mission had just before the fact that made a given version of it took effect, in the fold's order:
/// what "possibly still at a level" walks back through (<see cref="AcrossRelationships.MissionsAtLeast"/>). Null when the
/// party had no mission there before.
/// </summary>
public static class MissionVersions
{
    /// <summary>
    /// From the relationship's resolved timeline (as known at the question's moment): the state after every fact before the
    /// version's own. Always exact.
    /// </summary>
    public static Func<Mission, Mission?> InTimeline(RelationshipKey key, IReadOnlyList<Fact> resolvedTimeline) => version =>
    {
        var state = RelationshipState.Initial(key);
        foreach (var fact in resolvedTimeline)
        {
            if (fact.EventId == version.EventId) return state.Missions.Find(m => m.Actor == version.Actor);
            state = Fold.Evolve(state, fact);
        }
        return null;
    };

    /// <summary>
    /// From the state as of the day before the version's first possible day. The fold applies a fact from its first possible
    /// day, so a version that began on the same first day as the change after it (an embassy opened in 2021 and lowered in
    /// 2021) is in no day's state, and this skips it: exact only when no other mission fact of the relationship has that
    /// first day — every fact before the version's own then began earlier.
    /// </summary>
    public static Func<Mission, Mission?> ByDay(Func<DateOnly, RelationshipState> stateOn) => version =>
        version.Since.Start == DateOnly.MinValue ? null : stateOn(version.Since.Start.AddDays(-1)).Missions.Find(m => m.Actor == version.Actor);
}
