using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Aspects;
using FluentValidation;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Missions;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Projections.Tests;

public sealed class CertaintyAndMendsTests
{
    private static async Task<(ItemStatus Status, Certainty Certainty)?> Designation(TestLedger ledger, string day, DateTimeOffset? knownAt = null)
    {
        var view = await ledger.Mediator.Send(new GetRelationshipState("RU", "taliban", day, knownAt));
        return view.Designations.Count == 0 ? null : (view.Designations[0].Status, view.Designations[0].Certainty);
    }

    [Fact]
    public async Task A_partial_date_is_possible_inside_its_interval_and_certain_from_its_last_day()
    {
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        await ledger.RecordAsync(new ImposeDesignation("RU", "taliban", "list", "court").On("2003-02"));
        await ledger.RecordAsync(new RemoveDesignation("RU", "taliban", "list", "court").On("2025"));

        Assert.Null(await Designation(ledger, "2003-01-31"));
        Assert.Equal((ItemStatus.InForce, Certainty.Possible), await Designation(ledger, "2003-02-01"));
        Assert.Equal((ItemStatus.InForce, Certainty.Possible), await Designation(ledger, "2003-02-27"));
        // On the interval's last day the change has certainly taken effect (on or before that day).
        Assert.Equal((ItemStatus.InForce, Certainty.Certain), await Designation(ledger, "2003-02-28"));
        Assert.Equal((ItemStatus.InForce, Certainty.Certain), await Designation(ledger, "2024-12-31"));
        Assert.Equal((ItemStatus.Ended, Certainty.Possible), await Designation(ledger, "2025-01-01"));
        Assert.Equal((ItemStatus.Ended, Certainty.Possible), await Designation(ledger, "2025-12-30"));
        Assert.Equal((ItemStatus.Ended, Certainty.Certain), await Designation(ledger, "2025-12-31"));

        // Across relationships, a designation whose end only possibly took effect is still listed, as possible.
        Assert.Equal(Certainty.Certain, Assert.Single((await ledger.Mediator.Send(new GetDesignationsBy("RU", "2024-12-31"))).Items).Certainty);
        var straddling = Assert.Single((await ledger.Mediator.Send(new GetDesignationsBy("RU", "2025-06-30"))).Items);
        Assert.Equal((ItemStatus.Ended, Certainty.Possible), (straddling.Status, straddling.Certainty));
        Assert.Empty((await ledger.Mediator.Send(new GetDesignationsBy("RU", "2025-12-31"))).Items);
    }

    [Fact]
    public async Task Missions_of_at_least_a_level_follow_raising_and_lowering()
    {
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        await ledger.RecordAsync(new OpenMission("US", "FR", "legation").On("1801-12-06"));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "FR", "embassy").On("1893"));
        await ledger.RecordAsync(new OpenMission("US", "AD", "consul-nonresident").On("1995-02-21"));
        await ledger.RecordAsync(new OpenMission("US", "IR", "embassy").On("1944-08-21"));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "IR", "interests-section", ProtectingPower: "CH").On("1980-05-21"));

        async Task<string[]> AtLeast(string level, string day) =>
            (await ledger.Mediator.Send(new GetMissionsAtLeast("US", level, day))).Items.Select(i => $"{i.Relationship}:{i.Certainty}").ToArray();

        Assert.Equal(["FR~US:Certain"], await AtLeast("legation", "1850-01-01"));
        Assert.Empty(await AtLeast("embassy", "1850-01-01"));
        Assert.Equal(["FR~US:Possible"], await AtLeast("embassy", "1893-06-01"));
        Assert.Equal(["FR~US:Certain", "IR~US:Certain"], await AtLeast("embassy", "1979-01-01"));
        Assert.Equal(["AD~US:Certain", "FR~US:Certain", "IR~US:Certain"], await AtLeast("interests-section", "2000-01-01"));
        Assert.Equal(["FR~US:Certain"], await AtLeast("consulate", "2000-01-01"));
    }

    [Fact]
    public async Task Corrections_and_retractions_change_answers_from_when_they_were_recorded()
    {
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        var imposed = await ledger.RecordAsync(new ImposeDesignation("RU", "taliban", "list", "court").On("2003-02-14"));
        var t1 = ledger.Clock.Now;
        ledger.Clock.Advance(TimeSpan.FromMinutes(1));
        await ledger.RecordAsync(new CorrectEntry("RU", "taliban", imposed.EventId.ToString(), "the ruling was in 2004", "2004-03").On("2025"));
        var t2 = ledger.Clock.Now;
        ledger.Clock.Advance(TimeSpan.FromMinutes(1));
        await ledger.RecordAsync(new RetractEntry("RU", "taliban", imposed.EventId.ToString(), "no such ruling").On("2025"));
        var t3 = ledger.Clock.Now;

        // Known at t1: the original; at t2: the corrected date; at t3 (and now): nothing.
        Assert.Equal((ItemStatus.InForce, Certainty.Certain), await Designation(ledger, "2003-06-01", t1));
        Assert.Null(await Designation(ledger, "2003-06-01", t2));
        Assert.Equal((ItemStatus.InForce, Certainty.Possible), await Designation(ledger, "2004-03-15", t2));
        Assert.Equal((ItemStatus.InForce, Certainty.Certain), await Designation(ledger, "2004-04-01", t2));
        Assert.Null(await Designation(ledger, "2004-04-01", t3));
        Assert.Null(await Designation(ledger, "2004-04-01"));

        // Which relationships changed in 2003: RU–taliban as known at t1, none after the correction.
        Assert.Equal("RU~taliban", Assert.Single((await ledger.Mediator.Send(new GetChangedRelationships("2003-01-01", "2003-12-31", t1))).Relationships).Relationship);
        Assert.Empty((await ledger.Mediator.Send(new GetChangedRelationships("2003-01-01", "2003-12-31", t2))).Relationships);
        var moved = Assert.Single((await ledger.Mediator.Send(new GetChangedRelationships("2004-03-10", "2004-12-31", t2))).Relationships);
        Assert.Equal(("DesignationImposed", Certainty.Possible), (moved.Changes[0].Type, moved.Changes[0].Certainty));
        Assert.Empty((await ledger.Mediator.Send(new GetChangedRelationships("2004-01-01", "2004-12-31"))).Relationships);
    }

    [Fact]
    public async Task Bad_questions_are_refused_naming_the_field()
    {
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        var level = await Assert.ThrowsAsync<ValidationException>(() => ledger.Mediator.Send(new GetMissionsAtLeast("US", "palace", "2000-01-01")));
        Assert.Contains(level.Errors, e => e.PropertyName == "minimumLevel" && e.ErrorMessage.Contains("palace", StringComparison.Ordinal));
        var party = await Assert.ThrowsAsync<ValidationException>(() => ledger.Mediator.Send(new GetDesignationsBy("Russia", "2000-01-01")));
        Assert.Contains(party.Errors, e => e.PropertyName == "party");
        var window = await Assert.ThrowsAsync<ValidationException>(() => ledger.Mediator.Send(new GetChangedRelationships("2005-01-01", "2004-01-01")));
        Assert.Contains(window.Errors, e => e.PropertyName == "to");
        var day = await Assert.ThrowsAsync<ValidationException>(() => ledger.Mediator.Send(new GetRelationshipState("RU", "taliban", "2025-05")));
        Assert.Contains(day.Errors, e => e.PropertyName == "asOf");
        Assert.False(File.Exists(ledger.ReadModelPath)); // refused before anything was projected
    }
}
