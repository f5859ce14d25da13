using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Domain.Tests.Decisions;

/// <summary>Each kind of contradiction is refused, naming the event it conflicts with.</summary>
public sealed class ContradictionTests
{
    private readonly Record _r = new();
    private static DesignationImposed Impose(string list = "terrorist list") => new("RU", "taliban", list, "Supreme Court", null);
    private static DesignationRemoved Remove(string list = "terrorist list") => new("RU", "taliban", list, "Supreme Court", null);

    [Fact]
    public void Removing_a_designation_never_imposed_is_refused_without_an_event_to_name()
    {
        var conflict = _r.Refused("2025-04-17", Remove());
        Assert.Contains("no designation of taliban by RU on 'terrorist list' is in force on 2025-04-17", conflict.Message, StringComparison.Ordinal);
        Assert.Null(conflict.ConflictingEventId);
    }

    [Fact]
    public void Removing_a_designation_already_removed_names_the_removal()
    {
        _r.Add("2003-02-14", Impose());
        var removal = _r.Add("2025-04-17", Remove());
        var conflict = _r.Refused("2025-06-01", Remove());
        Assert.Equal(removal, conflict.ConflictingEventId);
        Assert.Contains("it ended on 2025-04-17", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Imposing_a_designation_already_in_force_names_it_and_lists_match_without_case()
    {
        var first = _r.Add("2003-02-14", Impose());
        Assert.Equal(first, _r.Refused("2010", Impose("Terrorist List ")).ConflictingEventId);
        _r.Add("2010", Impose("another list"));
    }

    [Fact]
    public void A_back_filled_fact_that_contradicts_a_later_one_is_refused_naming_the_later_one()
    {
        _r.Add("2003-02-14", Impose());
        var laterRemoval = _r.Add("2025-04-17", Remove());
        var conflict = _r.Refused("2010", Remove());
        Assert.Equal(laterRemoval, conflict.ConflictingEventId);
        Assert.Contains("would contradict DesignationRemoved", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accrediting_while_the_sending_party_has_an_ambassador_in_post_names_the_accreditation()
    {
        var first = _r.Add("2021-01", new AmbassadorAccredited("taliban", "RU", "First Envoy"));
        var conflict = _r.Refused("2022-03-01", new AmbassadorAccredited("taliban", "RU", "Second Envoy"));
        Assert.Equal(first, conflict.ConflictingEventId);
        Assert.Contains("already has an ambassador in post", conflict.Message, StringComparison.Ordinal);
        // The other direction is a different post.
        _r.Add("2022-03-01", new AmbassadorAccredited("RU", "taliban", "Dmitry Zhirnov"));
    }

    [Fact]
    public void Recalling_or_expelling_someone_not_in_post_is_refused()
    {
        var accredited = _r.Add("2021", new AmbassadorAccredited("taliban", "RU", "First Envoy"));
        Assert.Equal(accredited, _r.Refused("2022", new AmbassadorRecalled("taliban", "RU", "Someone Else", null)).ConflictingEventId);
        Assert.Null(_r.Refused("2022", new AmbassadorExpelled("RU", "taliban", "Nobody", null)).ConflictingEventId);
        var recall = _r.Add("2023", new AmbassadorRecalled("taliban", "RU", "First Envoy", null));
        Assert.Equal(recall, _r.Refused("2024", new AmbassadorExpelled("taliban", "RU", "First Envoy", null)).ConflictingEventId);
    }

    [Fact]
    public void Nominating_a_person_already_pending_or_in_post_is_refused()
    {
        var nomination = _r.Add("2025-05", new AmbassadorNominated("taliban", "RU", "Gul Hassan Hassan"));
        Assert.Equal(nomination, _r.Refused("2025-06", new AmbassadorNominated("taliban", "RU", "Gul Hassan Hassan")).ConflictingEventId);
        var accreditation = _r.Add("2025-07-03", new AmbassadorAccredited("taliban", "RU", "Gul Hassan Hassan"));
        Assert.Equal(accreditation, _r.Refused("2025-08", new AmbassadorNominated("taliban", "RU", "Gul Hassan Hassan")).ConflictingEventId);
    }

    [Fact]
    public void Missions_open_change_and_close_only_when_that_makes_sense()
    {
        Assert.Null(_r.Refused("1990", new MissionClosed("RU", "taliban", null)).ConflictingEventId);
        Assert.Contains("no open mission", _r.Refused("1990", new MissionLevelChanged("RU", "taliban", MissionLevel.Embassy, null, null)).Message, StringComparison.Ordinal);
        var opened = _r.Add("1992", new MissionOpened("RU", "taliban", MissionLevel.Embassy, "Kabul", null));
        Assert.Equal(opened, _r.Refused("1993", new MissionOpened("RU", "taliban", MissionLevel.Consulate, null, null)).ConflictingEventId);
        Assert.Contains("already at level embassy", _r.Refused("1993", new MissionLevelChanged("RU", "taliban", MissionLevel.Embassy, null, null)).Message, StringComparison.Ordinal);
        _r.Add("1996", new MissionLevelChanged("RU", "taliban", MissionLevel.Liaison, null, null));
        var closed = _r.Add("1998", new MissionClosed("RU", "taliban", "evacuated"));
        Assert.Equal(closed, _r.Refused("1999", new MissionClosed("RU", "taliban", null)).ConflictingEventId);
        _r.Add("2000", new MissionOpened("RU", "taliban", MissionLevel.InterestsSection, null, "QA"));
    }

    [Fact]
    public void Relations_are_established_severed_and_restored_in_that_order()
    {
        Assert.Contains("not established", _r.Refused("1990", new RelationsSevered("RU", "taliban", null)).Message, StringComparison.Ordinal);
        Assert.Contains("not severed", _r.Refused("1990", new RelationsRestored("RU", "taliban")).Message, StringComparison.Ordinal);
        var established = _r.Add("1991", new RelationsEstablished("taliban", "RU"));
        Assert.Equal(established, _r.Refused("1992", new RelationsEstablished("RU", "taliban")).ConflictingEventId);
        var severed = _r.Add("1995", new RelationsSevered("RU", "taliban", "war"));
        Assert.Contains("record RelationsRestored instead", _r.Refused("1996", new RelationsEstablished("RU", "taliban")).Message, StringComparison.Ordinal);
        Assert.Equal(severed, _r.Refused("1996", new RelationsSevered("RU", "taliban", null)).ConflictingEventId);
        _r.Add("2001", new RelationsRestored("RU", "taliban"));
    }

    [Fact]
    public void Recognition_is_not_granted_twice_in_the_same_form_nor_withdrawn_when_absent()
    {
        Assert.Null(_r.Refused("2020", new RecognitionWithdrawn("RU", "taliban", null)).ConflictingEventId);
        var granted = _r.Add("2024", new RecognitionGranted("RU", "taliban", RecognitionForm.DeFacto));
        Assert.Equal(granted, _r.Refused("2024-06", new RecognitionGranted("RU", "taliban", RecognitionForm.DeFacto)).ConflictingEventId);
        _r.Add("2025-07-03", new RecognitionGranted("RU", "taliban", RecognitionForm.DeJure));
        var withdrawn = _r.Add("2026", new RecognitionWithdrawn("RU", "taliban", null));
        Assert.Equal(withdrawn, _r.Refused("2026-06", new RecognitionWithdrawn("RU", "taliban", null)).ConflictingEventId);
    }

    [Fact]
    public void Sanctions_and_agreements_cannot_be_doubled_or_ended_when_absent()
    {
        var imposed = _r.Add("2014", new SanctionsImposed("RU", "taliban", "Programme A", "trade"));
        Assert.Equal(imposed, _r.Refused("2015", new SanctionsImposed("RU", "taliban", "programme a", "all")).ConflictingEventId);
        Assert.Null(_r.Refused("2015", new SanctionsLifted("RU", "taliban", "Programme B")).ConflictingEventId);
        var signed = _r.Add("2016", new AgreementSigned("RU", "taliban", "trade", "Gas memorandum"));
        Assert.Equal(signed, _r.Refused("2017", new AgreementSigned("taliban", "RU", "trade", "Gas Memorandum")).ConflictingEventId);
        var ended = _r.Add("2018", new AgreementTerminated("RU", "taliban", "Gas memorandum", null));
        Assert.Equal(ended, _r.Refused("2019", new AgreementTerminated("RU", "taliban", "Gas memorandum", null)).ConflictingEventId);
    }

    [Fact]
    public void Projects_launch_only_once_after_a_proposal_and_never_after_cancellation()
    {
        Assert.Contains("has been proposed", _r.Refused("2025", new ProjectLaunched("RU", "taliban", "Railway")).Message, StringComparison.Ordinal);
        var proposed = _r.Add("2025-05", new ProjectProposed("RU", "taliban", "rail", "Railway"));
        Assert.Equal(proposed, _r.Refused("2025-06", new ProjectProposed("RU", "taliban", "rail", "railway")).ConflictingEventId);
        var launched = _r.Add("2025-06", new ProjectLaunched("RU", "taliban", "Railway"));
        Assert.Equal(launched, _r.Refused("2025-07", new ProjectLaunched("RU", "taliban", "Railway")).ConflictingEventId);
        var cancelled = _r.Add("2025-08", new ProjectCancelled("RU", "taliban", "Railway", "no money"));
        Assert.Equal(cancelled, _r.Refused("2025-09", new ProjectCancelled("RU", "taliban", "Railway", null)).ConflictingEventId);
    }

    [Fact]
    public void An_event_of_another_relationship_is_refused() =>
        Assert.Contains("belongs to relationship", _r.Refused("2020", new DesignationImposed("US", "taliban", "l", "a", null)).Message, StringComparison.Ordinal);
}
