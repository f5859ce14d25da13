using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Tests.State;

/// <summary>What each kind of event does to a relationship's state, and which event is shown for it.</summary>
public sealed class FoldTests
{
    private readonly Record _r = new();

    [Fact]
    public void Every_aspect_of_the_state_carries_the_event_that_put_it_there()
    {
        var relations = _r.Add("1991", new RelationsEstablished("RU", "taliban"));
        var recognition = _r.Add("2025-07-03", new RecognitionGranted("RU", "taliban", RecognitionForm.DeJure));
        var designation = _r.Add("2003-02-14", new DesignationImposed("RU", "taliban", "list", "court", "ref-1"));
        var nomination = _r.Add("2025-05", new AmbassadorNominated("taliban", "RU", "Gul Hassan Hassan"));
        var mission = _r.Add("1992", new MissionOpened("RU", "taliban", MissionLevel.Embassy, "Kabul", null));
        var sanctions = _r.Add("2010", new SanctionsImposed("RU", "taliban", "P", "arms"));
        var agreement = _r.Add("2022", new AgreementSigned("RU", "taliban", "energy", "Gas"));
        var pledge = _r.Add("2025-05", new CooperationPledged("RU", "taliban", "counter-terrorism", "isis-k"));
        var project = _r.Add("2025-05", new ProjectProposed("RU", "taliban", "rail", "Railway"));
        var engagement = _r.Add("2022-06", new EngagementHeld("RU", "taliban", "forum", "St. Petersburg", "SPIEF"));
        var statement = _r.Add("2024-07", new StatementMade("RU", "taliban", "Putin", Stance.Ally, "ally"));

        var s = _r.StateAsOf("2025-06-30");
        Assert.Equal((RelationsStatus.Established, relations), (s.Relations!.Status, s.Relations!.EventId));
        Assert.Equal(recognition, Assert.Single(_r.StateAsOf("2025-07-03").Recognitions).EventId);
        Assert.Equal((designation, "ref-1"), (Assert.Single(s.Designations).EventId, s.Designations[0].Reference));
        Assert.Equal(nomination, Assert.Single(s.Nominations).EventId);
        Assert.Equal((mission, MissionLevel.Embassy, "Kabul"), (Assert.Single(s.Missions).EventId, s.Missions[0].Level, s.Missions[0].City));
        Assert.Equal(sanctions, Assert.Single(s.Sanctions).EventId);
        Assert.Equal(agreement, Assert.Single(s.Agreements).EventId);
        Assert.Equal(pledge, Assert.Single(s.Pledges).EventId);
        Assert.Equal((project, ProjectStage.Proposed), (Assert.Single(s.Projects).EventId, s.Projects[0].Stage));
        Assert.Equal(engagement, Assert.Single(s.Engagements).EventId);
        Assert.Equal(statement, Assert.Single(s.Statements).EventId);
    }

    [Fact]
    public void Endings_keep_the_item_and_name_the_event_that_ended_it()
    {
        _r.Add("2021", new AmbassadorNominated("taliban", "RU", "Envoy"));
        var accredited = _r.Add("2021-06", new AmbassadorAccredited("taliban", "RU", "Envoy"));
        var expelled = _r.Add("2022", new AmbassadorExpelled("taliban", "RU", "Envoy", "persona non grata"));
        var s = _r.StateAsOf("2023-01-01");
        var tenure = Assert.Single(s.Ambassadors);
        Assert.Equal((accredited, expelled, "AmbassadorExpelled", "persona non grata"), (tenure.EventId, tenure.Ended!.EventId, tenure.Ended.Type, tenure.Ended.Reason));
        Assert.Equal(accredited, Assert.Single(s.Nominations).Ended!.EventId);
    }

    /// <summary>An accreditation ends the one nomination of its sender and person (<see cref="ItemLists.ChangeTheOne"/>), which holds only while a sender's nomination of a person stays one item.</summary>
    [Fact]
    public void Nominations_stay_one_per_sender_and_person_and_an_accreditation_ends_that_one()
    {
        _r.Add("2001", new AmbassadorNominated("RU", "taliban", "Envoy"));
        _r.Add("2001-06", new AmbassadorAccredited("RU", "taliban", "Envoy"));
        _r.Add("2002", new AmbassadorRecalled("RU", "taliban", "Envoy", null));
        _r.Add("2003", new AmbassadorNominated("RU", "taliban", "Other"));
        _r.Add("2004", new AmbassadorNominated("RU", "taliban", "Envoy")); // again: in the place of the first
        Assert.Equal(("Envoy", null), (_r.StateAsOf("2004-06-01").Nominations[0].Person, _r.StateAsOf("2004-06-01").Nominations[0].Ended));
        var accredited = _r.Add("2005", new AmbassadorAccredited("RU", "taliban", "Envoy"));

        var s = _r.StateAsOf("2006-01-01");
        Assert.Equal(s.Nominations.Count, s.Nominations.Select(n => (n.Sending, n.Person)).Distinct().Count());
        Assert.Equal(["Envoy", "Other"], s.Nominations.Select(n => n.Person));
        Assert.Equal((accredited, (Guid?)null), (s.Nominations[0].Ended?.EventId, s.Nominations[1].Ended?.EventId));
    }

    [Fact]
    public void A_mission_level_change_replaces_the_level_and_its_since()
    {
        _r.Add("1948-06-05", new MissionOpened("RU", "taliban", MissionLevel.Legation, null, null));
        var raised = _r.Add("1955", new MissionLevelChanged("RU", "taliban", MissionLevel.Embassy, "Kabul", null));
        var m = Assert.Single(_r.StateAsOf("1960-01-01").Missions);
        Assert.Equal((MissionLevel.Embassy, raised, "1955"), (m.Level, m.EventId, m.Since.ToString()));
        Assert.True(MissionLevel.Embassy.IsAtLeast(MissionLevel.Legation));
        Assert.False(MissionLevel.Liaison.IsAtLeast(MissionLevel.Consulate));
    }

    [Fact]
    public void Only_the_latest_engagements_are_kept()
    {
        for (var year = 2000; year < 2000 + EngagementsAspect.LatestKept + 3; year++)
            _r.Add($"{year}", new EngagementHeld("RU", "taliban", "talks", null, $"Round {year}"));
        var kept = _r.StateAsOf("2030-01-01").Engagements;
        Assert.Equal(EngagementsAspect.LatestKept, kept.Count);
        Assert.Equal($"Round {2000 + EngagementsAspect.LatestKept + 2}", kept[^1].Title);
    }

    public static TheoryData<int> Seeds() => [.. PropertySeeds.Or(1, 40)];

    /// <summary>
    /// The read model re-folds only the aspect a mend changes (the projection's <c>AspectFold</c>), which is the fold only
    /// while every transition evolves its own aspect's kinds and reads nothing else of the state: each aspect's facts folded
    /// alone must give that aspect's items of the whole fold, after every fact, on random records of every event type
    /// (contradictory ones too: the fold is total).
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Each_aspect_folded_from_its_own_facts_alone_is_that_aspect_of_the_whole_fold(int seed)
    {
        var rng = new Random(seed);
        var key = RelationshipKey.Of("AA", "BB");
        var whole = RelationshipState.Initial(key);
        var alone = RelationshipModel.Aspects.Select(_ => RelationshipState.Initial(key)).ToArray();
        for (var n = 0; n < 300; n++)
        {
            var e = RandomEvents.Next(rng, "AA", "BB");
            var fact = new Fact(Guid.NewGuid(), PartialDate.OfDay(new DateOnly(2000, 1, 1).AddDays(n)), Record.RecordedAt(n), n, e);
            whole = Fold.Evolve(whole, fact);
            var aspect = RelationshipModel.AspectIndexOf(e);
            alone[aspect] = Fold.Evolve(alone[aspect], fact);
            foreach (var kind in RelationshipModel.Kinds)
                Assert.True(kind.ItemsIn(whole).SequenceEqual(kind.ItemsIn(alone[RelationshipModel.AspectIndexOf(kind.Code)])),
                    $"seed {seed}, fact {n} ({e.GetType().Name}): the {kind.Name} of its aspect folded alone are not those of the whole fold");
        }
    }
}
