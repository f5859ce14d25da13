using System.Collections.Immutable;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Domain.State;

/// <summary>
/// <c>evolve</c>: applies one fact to the state. Total: a fact that breaks a rule (which
/// <see cref="Decisions.Rules"/> would have refused) changes nothing it cannot apply.
/// Facts must come in effective-date order (see <see cref="Timeline"/>).
/// </summary>
public static class Fold
{
    public static RelationshipState Evolve(RelationshipState s, Fact f)
    {
        var (id, on) = (f.EventId, f.EffectiveDate);
        Ending End(string? reason = null) => new(on, id, f.Type, reason);

        return f.Event switch
        {
            RelationsEstablished => s with { Relations = new(RelationsStatus.Established, on, id) },
            RelationsRestored => s with { Relations = new(RelationsStatus.Established, on, id) },
            RelationsSevered => s with { Relations = new(RelationsStatus.Severed, on, id) },

            RecognitionGranted e => s with
            {
                Recognitions = Upsert(s.Recognitions, r => r.Actor == e.Actor, new(e.Actor, e.Counterpart, e.Form, on, id)),
            },
            RecognitionWithdrawn e => s with
            {
                Recognitions = EndWhere(s.Recognitions, r => r.Actor == e.Actor && r.InForce(), r => r with { Ended = End(e.Reason) }),
            },

            DesignationImposed e => s with
            {
                Designations = Upsert(s.Designations, d => d.Actor == e.Actor && SameTitle(d.List, e.List),
                    new(e.Actor, e.Counterpart, e.List, e.Authority, e.Reference, on, id)),
            },
            DesignationRemoved e => s with
            {
                Designations = EndWhere(s.Designations, d => d.Actor == e.Actor && SameTitle(d.List, e.List) && d.InForce(),
                    d => d with { Ended = End($"{e.Authority}{(e.Reference is null ? "" : $" ({e.Reference})")}") }),
            },

            AmbassadorNominated e => s with
            {
                Nominations = Upsert(s.Nominations, n => n.Sending == e.Sending && n.Person == e.Person, new(e.Sending, e.Receiving, e.Person, on, id)),
            },
            AmbassadorAccredited e => s with
            {
                Ambassadors = Upsert(s.Ambassadors, a => a.Sending == e.Sending, new(e.Sending, e.Receiving, e.Person, on, id)),
                Nominations = EndWhere(s.Nominations, n => n.Sending == e.Sending && n.Person == e.Person && n.InForce(), n => n with { Ended = End("accredited") }),
            },
            AmbassadorRecalled e => s with
            {
                Ambassadors = EndWhere(s.Ambassadors, a => a.Sending == e.Sending && a.Person == e.Person && a.InForce(), a => a with { Ended = End(e.Reason ?? "recalled") }),
            },
            AmbassadorExpelled e => s with
            {
                Ambassadors = EndWhere(s.Ambassadors, a => a.Sending == e.Sending && a.Person == e.Person && a.InForce(), a => a with { Ended = End(e.Reason ?? "expelled") }),
            },

            MissionOpened e => s with
            {
                Missions = Upsert(s.Missions, m => m.Actor == e.Actor, new(e.Actor, e.Counterpart, e.Level, e.City, e.ProtectingPower, on, id)),
            },
            MissionLevelChanged e => s with
            {
                Missions = Upsert(s.Missions, m => m.Actor == e.Actor, new(e.Actor, e.Counterpart, e.Level, e.City, e.ProtectingPower, on, id)),
            },
            MissionClosed e => s with
            {
                Missions = EndWhere(s.Missions, m => m.Actor == e.Actor && m.InForce(), m => m with { Ended = End(e.Reason) }),
            },

            SanctionsImposed e => s with
            {
                Sanctions = Upsert(s.Sanctions, x => x.Actor == e.Actor && SameTitle(x.Programme, e.Programme), new(e.Actor, e.Counterpart, e.Programme, e.Scope, on, id)),
            },
            SanctionsLifted e => s with
            {
                Sanctions = EndWhere(s.Sanctions, x => x.Actor == e.Actor && SameTitle(x.Programme, e.Programme) && x.InForce(), x => x with { Ended = End() }),
            },

            AgreementSigned e => s with
            {
                Agreements = Upsert(s.Agreements, a => SameTitle(a.Title, e.Title), new(e.Kind, e.Title, on, id)),
            },
            AgreementTerminated e => s with
            {
                Agreements = EndWhere(s.Agreements, a => SameTitle(a.Title, e.Title) && a.InForce(), a => a with { Ended = End(e.Reason) }),
            },

            CooperationPledged e => s with { Pledges = s.Pledges.Add(new(e.Actor, e.Counterpart, e.Domain, e.Adversary, on, id)) },

            ProjectProposed e => s with
            {
                Projects = Upsert(s.Projects, p => SameTitle(p.Title, e.Title), new(e.Actor, e.Counterpart, e.Sector, e.Title, ProjectStage.Proposed, on, id)),
            },
            ProjectLaunched e => s with
            {
                Projects = EndWhere(s.Projects, p => SameTitle(p.Title, e.Title) && p.InForce(), p => p with { Stage = ProjectStage.Launched, Since = on, EventId = id }),
            },
            ProjectCancelled e => s with
            {
                Projects = EndWhere(s.Projects, p => SameTitle(p.Title, e.Title) && p.InForce(), p => p with { Ended = End(e.Reason) }),
            },

            EngagementHeld e => s with { Engagements = Latest(s.Engagements.Add(new(e.Kind, e.Place, e.Title, on, id))) },
            StatementMade e => s with { Statements = Latest(s.Statements.Add(new(e.Actor, e.Counterpart, e.Speaker, e.Stance, e.Summary, on, id))) },

            // Mends never reach the fold: Timeline applies them to the facts they mend.
            IMendEvent => s,
            _ => throw new ArgumentOutOfRangeException(nameof(f), $"No fold for {f.Event.GetType().Name}."),
        };
    }

    public static RelationshipState FoldAll(RelationshipState initial, IEnumerable<Fact> orderedFacts) =>
        orderedFacts.Aggregate(initial, Evolve);

    /// <summary>Lists, programmes, titles: matched without regard to case or surrounding blanks.</summary>
    public static bool SameTitle(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static ImmutableList<T> Upsert<T>(ImmutableList<T> items, Func<T, bool> sameKey, T item)
    {
        var index = items.FindIndex(x => sameKey(x));
        return index < 0 ? items.Add(item) : items.SetItem(index, item);
    }

    private static ImmutableList<T> EndWhere<T>(ImmutableList<T> items, Func<T, bool> match, Func<T, T> end)
    {
        var index = items.FindIndex(x => match(x));
        return index < 0 ? items : items.SetItem(index, end(items[index]));
    }

    private static ImmutableList<T> Latest<T>(ImmutableList<T> items) =>
        items.Count > RelationshipState.LatestKept ? items.RemoveAt(0) : items;
}
