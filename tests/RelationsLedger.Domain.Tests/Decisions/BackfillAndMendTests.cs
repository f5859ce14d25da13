using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Tests.Decisions;

/// <summary>History is back-filled in any recording order; mends change answers from the time they are recorded.</summary>
public sealed class BackfillAndMendTests
{
    private readonly Record _r = new();
    private static DesignationImposed Impose() => new("RU", "taliban", "terrorist list", "Supreme Court", null);
    private static DesignationRemoved Remove() => new("RU", "taliban", "terrorist list", "Supreme Court", null);

    [Fact]
    public void Facts_recorded_out_of_order_are_decided_and_folded_in_effective_order()
    {
        _r.Add("2025-07-03", new RecognitionGranted("RU", "taliban", RecognitionForm.DeJure));
        _r.Add("2024-07", new StatementMade("RU", "taliban", "Putin", Stance.Ally, "ally against terrorism"));
        _r.Add("2003-02-14", Impose());          // back-filled 22 years earlier than what came before
        _r.Add("2025-04-17", Remove());          // decided against the imposition recorded after later facts
        _r.Add("2023", new AmbassadorAccredited("taliban", "RU", "Envoy"));
        _r.Add("2025-01", new AmbassadorRecalled("taliban", "RU", "Envoy", null)); // recall decided against the back-filled accreditation

        var before = _r.StateAsOf("2024-12-31");
        Assert.True(Assert.Single(before.Designations).InForce());
        var after = _r.StateAsOf("2025-04-17");
        Assert.Equal("DesignationRemoved", Assert.Single(after.Designations).Ended!.Type);
        Assert.False(Assert.Single(_r.StateAsOf("2025-02-01").Ambassadors).InForce());
        Assert.True(Assert.Single(_r.StateAsOf("2024-06-01").Ambassadors).InForce());
    }

    [Fact]
    public void The_state_as_of_a_day_says_whether_a_partial_date_makes_it_only_possible()
    {
        _r.Add("2025-05", new CooperationPledged("RU", "taliban", "counter-terrorism", "isis-k"));
        Assert.Empty(_r.StateAsOf("2025-04-30").Pledges);
        Assert.Equal(Certainty.Possible, Assert.Single(_r.StateAsOf("2025-05-10").Pledges).CertaintyAsOf(new DateOnly(2025, 5, 10)));
        Assert.Equal(Certainty.Certain, Assert.Single(_r.StateAsOf("2025-05-31").Pledges).CertaintyAsOf(new DateOnly(2025, 5, 31)));
    }

    [Fact]
    public void An_ending_with_a_partial_date_makes_the_end_only_possible_inside_its_interval()
    {
        _r.Add("2003-02-14", Impose());
        _r.Add("2025-04", Remove());
        var inside = Assert.Single(_r.StateAsOf("2025-04-10").Designations);
        Assert.False(inside.InForce());
        Assert.Equal(Certainty.Possible, inside.CertaintyAsOf(new DateOnly(2025, 4, 10)));
        Assert.Equal(Certainty.Certain, Assert.Single(_r.StateAsOf("2025-05-01").Designations).CertaintyAsOf(new DateOnly(2025, 5, 1)));
    }

    [Fact]
    public void Known_at_excludes_what_was_recorded_later()
    {
        _r.Add("2003-02-14", Impose());
        _r.Add("2025-04-17", Remove());
        Assert.True(Assert.Single(_r.StateAsOf("2025-06-01", Record.RecordedAt(0)).Designations).InForce());
        Assert.False(Assert.Single(_r.StateAsOf("2025-06-01", Record.RecordedAt(1)).Designations).InForce());
        Assert.Empty(_r.StateAsOf("2025-06-01", Record.RecordedAt(0).AddTicks(-1)).Designations);
    }

    [Fact]
    public void A_retraction_withdraws_the_fact_from_when_it_is_recorded()
    {
        var imposed = _r.Add("2003-02-14", Impose());
        _r.Add("2026-01-01", new EntryRetracted(imposed, "entered in error"));
        Assert.Empty(_r.StateAsOf("2010-01-01").Designations);
        Assert.Single(_r.StateAsOf("2010-01-01", Record.RecordedAt(0)).Designations);
    }

    [Fact]
    public void A_correction_changes_the_date_or_the_fields_from_when_it_is_recorded()
    {
        var imposed = _r.Add("2003-02-14", Impose());
        _r.Add("2026-01-01", new EntryCorrected(imposed, "ruling dated a year later", PartialDate.Parse("2004-02-14"), null));
        Assert.Empty(_r.StateAsOf("2003-06-01").Designations);
        Assert.Single(_r.StateAsOf("2003-06-01", Record.RecordedAt(0)).Designations);

        _r.Add("2026-01-02", new EntryCorrected(imposed, "authority misnamed", null, Impose() with { Authority = "Supreme Court of the Russian Federation" }));
        var designation = Assert.Single(_r.StateAsOf("2010-01-01").Designations);
        Assert.Equal(("Supreme Court of the Russian Federation", imposed), (designation.Authority, designation.EventId));
        Assert.Equal("Supreme Court", Assert.Single(_r.StateAsOf("2010-01-01", Record.RecordedAt(1)).Designations).Authority);
    }

    [Fact]
    public void Mends_that_make_no_sense_are_refused()
    {
        var imposed = _r.Add("2003-02-14", Impose());
        Assert.Contains("is not in relationship", _r.Refused("2026", new EntryRetracted(Guid.NewGuid(), "?")).Message, StringComparison.Ordinal);
        Assert.Contains("must keep the event's type", _r.Refused("2026", new EntryCorrected(imposed, "?", null, Remove())).Message, StringComparison.Ordinal);
        Assert.Contains("must change the effective date, the fields, or both", _r.Refused("2026", new EntryCorrected(imposed, "?", null, null)).Message, StringComparison.Ordinal);
        var correction = _r.Add("2026", new EntryCorrected(imposed, "date", PartialDate.Parse("2003-02"), null));
        Assert.Equal(correction, _r.Refused("2026", new EntryCorrected(correction, "?", PartialDate.Parse("2003"), null)).ConflictingEventId);
        var retraction = _r.Add("2026", new EntryRetracted(imposed, "error"));
        Assert.Equal(retraction, _r.Refused("2026", new EntryRetracted(imposed, "again")).ConflictingEventId);
        Assert.Equal(retraction, _r.Refused("2026", new EntryRetracted(retraction, "undo")).ConflictingEventId);
    }

    [Fact]
    public void A_mend_that_would_make_the_record_contradictory_is_refused()
    {
        var imposed = _r.Add("2003-02-14", Impose());
        var removed = _r.Add("2025-04-17", Remove());
        // Retracting the imposition would leave a removal of nothing.
        Assert.Equal(removed, _r.Refused("2026", new EntryRetracted(imposed, "error")).ConflictingEventId);
        // Moving the imposition after its removal likewise.
        Assert.NotNull(_r.Refused("2026", new EntryCorrected(imposed, "date", PartialDate.Parse("2025-05"), null)).ConflictingEventId);
    }
}
