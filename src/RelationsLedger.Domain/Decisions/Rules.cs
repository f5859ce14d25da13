using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Domain.Decisions;

/// <summary>
/// The invariants of a relationship: whether a fact may happen in the state just before its
/// effective date. Null means it may.
/// </summary>
public static class Rules
{
    public static Conflict? Check(RelationshipState s, Fact f)
    {
        var on = f.EffectiveDate;
        return f.Event switch
        {
            RelationsEstablished => s.Relations switch
            {
                { Status: RelationsStatus.Established } r => new($"relations are already established (since {r.Since})", r.EventId),
                { Status: RelationsStatus.Severed } r => new($"relations were severed on {r.Since}; record RelationsRestored instead", r.EventId),
                _ => null,
            },
            RelationsSevered => s.Relations is { Status: RelationsStatus.Established } ? null
                : new($"relations are not established on {on}", s.Relations?.EventId),
            RelationsRestored => s.Relations is { Status: RelationsStatus.Severed } ? null
                : new($"relations are not severed on {on}", s.Relations?.EventId),

            RecognitionGranted e => s.Recognitions.Find(r => r.Actor == e.Actor && r.InForce() && r.Form == e.Form) is { } r
                ? new($"{e.Actor} already recognises {e.Counterpart} ({Names.Of(e.Form)}, since {r.Since})", r.EventId) : null,
            RecognitionWithdrawn e => InForceOrConflict(s.Recognitions.Find(r => r.Actor == e.Actor),
                $"{e.Actor} does not recognise {e.Counterpart} on {on}"),

            DesignationImposed e => s.Designations.Find(d => d.Actor == e.Actor && Fold.SameTitle(d.List, e.List) && d.InForce()) is { } d
                ? new($"{e.Actor} already designates {e.Counterpart} on '{e.List}' (since {d.Since})", d.EventId) : null,
            DesignationRemoved e => InForceOrConflict(s.Designations.Find(d => d.Actor == e.Actor && Fold.SameTitle(d.List, e.List)),
                $"no designation of {e.Counterpart} by {e.Actor} on '{e.List}' is in force on {on}"),

            AmbassadorNominated e =>
                s.Nominations.Find(n => n.Sending == e.Sending && n.Person == e.Person && n.InForce()) is { } n
                    ? new($"{e.Person} is already nominated by {e.Sending} (since {n.Since})", n.EventId)
                    : s.Ambassadors.Find(a => a.Sending == e.Sending && a.Person == e.Person && a.InForce()) is { } a
                        ? new($"{e.Person} is already in post as {e.Sending}'s ambassador (since {a.Since})", a.EventId) : null,
            AmbassadorAccredited e => s.Ambassadors.Find(a => a.Sending == e.Sending && a.InForce()) is { } a
                ? new($"{e.Sending} already has an ambassador in post in {e.Receiving} on {on}: {a.Person} (since {a.Since})", a.EventId) : null,
            IAmbassadorEvent e when e is AmbassadorRecalled or AmbassadorExpelled =>
                InForceOrConflict(s.Ambassadors.Find(a => a.Sending == e.Sending && a.Person == e.Person),
                    $"{e.Person} is not {e.Sending}'s ambassador in post in {e.Receiving} on {on}",
                    s.Ambassadors.Find(a => a.Sending == e.Sending && a.InForce())),

            MissionOpened e => s.Missions.Find(m => m.Actor == e.Actor && m.InForce()) is { } m
                ? new($"{e.Actor}'s mission in {e.Counterpart} is already open ({Names.Of(m.Level)}, since {m.Since})", m.EventId) : null,
            MissionLevelChanged e => s.Missions.Find(m => m.Actor == e.Actor && m.InForce()) switch
            {
                null => new($"{e.Actor} has no open mission in {e.Counterpart} on {on}", s.Missions.Find(m => m.Actor == e.Actor)?.Ended?.EventId),
                var m when m.Level == e.Level => new($"{e.Actor}'s mission in {e.Counterpart} is already at level {Names.Of(e.Level)} (since {m.Since})", m.EventId),
                _ => null,
            },
            MissionClosed e => InForceOrConflict(s.Missions.Find(m => m.Actor == e.Actor),
                $"{e.Actor} has no open mission in {e.Counterpart} on {on}"),

            SanctionsImposed e => s.Sanctions.Find(x => x.Actor == e.Actor && Fold.SameTitle(x.Programme, e.Programme) && x.InForce()) is { } x
                ? new($"{e.Actor}'s sanctions programme '{e.Programme}' against {e.Counterpart} is already in force (since {x.Since})", x.EventId) : null,
            SanctionsLifted e => InForceOrConflict(s.Sanctions.Find(x => x.Actor == e.Actor && Fold.SameTitle(x.Programme, e.Programme)),
                $"{e.Actor} has no sanctions programme '{e.Programme}' in force against {e.Counterpart} on {on}"),

            AgreementSigned e => s.Agreements.Find(a => Fold.SameTitle(a.Title, e.Title) && a.InForce()) is { } a
                ? new($"agreement '{e.Title}' is already in force (since {a.Since})", a.EventId) : null,
            AgreementTerminated e => InForceOrConflict(s.Agreements.Find(a => Fold.SameTitle(a.Title, e.Title)),
                $"no agreement '{e.Title}' is in force on {on}"),

            ProjectProposed e => s.Projects.Find(p => Fold.SameTitle(p.Title, e.Title) && p.InForce()) is { } p
                ? new($"project '{e.Title}' already exists ({Names.Of(p.Stage)} since {p.Since})", p.EventId) : null,
            ProjectLaunched e => s.Projects.Find(p => Fold.SameTitle(p.Title, e.Title)) switch
            {
                null => new($"no project '{e.Title}' has been proposed by {on}"),
                { Ended: { } ended } => new($"project '{e.Title}' was cancelled on {ended.On}", ended.EventId),
                { Stage: ProjectStage.Launched } p => new($"project '{e.Title}' was already launched on {p.Since}", p.EventId),
                _ => null,
            },
            ProjectCancelled e => InForceOrConflict(s.Projects.Find(p => Fold.SameTitle(p.Title, e.Title)),
                $"no live project '{e.Title}' exists on {on}"),

            CooperationPledged or EngagementHeld or StatementMade or IMendEvent => null,
            _ => throw new ArgumentOutOfRangeException(nameof(f), $"No rules for {f.Event.GetType().Name}."),
        };
    }

    /// <summary>
    /// Whether <paramref name="e"/> is beyond the rules: no rule constrains it, and no rule reads the
    /// parts of the state it folds into (pledges, engagements, statements). Adding, moving, changing
    /// or removing such a fact can therefore never make any fact contradict the record, which lets
    /// <see cref="DecisionBasis"/> decide around it without folding the timeline again.
    /// Keep in step with <see cref="Check"/> and <see cref="Fold.Evolve"/>.
    /// </summary>
    public static bool IsUnconstrained(IRelationshipEvent e) => e is CooperationPledged or EngagementHeld or StatementMade;

    /// <summary>
    /// Refuses ending an item that is not in force, naming the event that ended it already,
    /// or (when given) the item that stands in its place.
    /// </summary>
    private static Conflict? InForceOrConflict(ITenure? item, string message, ITenure? standing = null) => item switch
    {
        { Ended: null } => null,
        { Ended: { } ended } => new($"{message}: it ended on {ended.On}", ended.EventId),
        null when standing is not null => new(message, standing.EventId),
        null => new($"{message}: there is no record of it"),
    };
}
