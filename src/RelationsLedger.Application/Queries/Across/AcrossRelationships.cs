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
        s.Designations.Where(d => d.Actor == party && Counts(d, asOf)).Select(d => RelationshipItemView<Designation>.Of(s.Key, d, asOf));

    public static IEnumerable<RelationshipItemView<Designation>> DesignationsOf(Domain.State.RelationshipState s, string party, DateOnly asOf) =>
        s.Designations.Where(d => d.Counterpart == party && Counts(d, asOf)).Select(d => RelationshipItemView<Designation>.Of(s.Key, d, asOf));

    public static IEnumerable<RelationshipItemView<Mission>> MissionsAtLeast(Domain.State.RelationshipState s, string party, MissionLevel minimum, DateOnly asOf) =>
        s.Missions.Where(m => m.Actor == party && m.Level.IsAtLeast(minimum) && Counts(m, asOf)).Select(m => RelationshipItemView<Mission>.Of(s.Key, m, asOf));

    /// <summary>
    /// The facts of a resolved timeline (mends applied) that took effect, certainly or possibly,
    /// between two days inclusive: certain when the fact's whole date interval lies inside.
    /// </summary>
    public static IEnumerable<ChangeView> ChangesBetween(IEnumerable<Fact> resolvedTimeline, DateOnly from, DateOnly to) =>
        resolvedTimeline.Where(f => f.EffectiveDate.Start <= to && f.EffectiveDate.End >= from)
            .Select(f => new ChangeView(f.EventId, f.Type, f.EffectiveDate,
                f.EffectiveDate.Start >= from && f.EffectiveDate.End <= to ? Certainty.Certain : Certainty.Possible, f.RecordedAt));
}
