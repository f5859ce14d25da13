using RelationsLedger.Application.Commands.Missions;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// "Where does X have a mission of at least L as of D?" when a change of level is dated only to a year or a month that
/// covers D. A lowering may not have happened yet, so the mission may still be at L: it is listed as only possibly at L,
/// naming the change (as an embassy possibly closed is listed as possibly ended). A raising may already have happened:
/// listed as possibly in force. Each answer hand-computed, then checked against the straight fold (<see cref="Oracle"/>).
/// </summary>
public sealed class MissionsPossiblyLoweredTests
{
    private static readonly string[] Parties = ["US", "AF", "IR", "FR", "DE"];

    /// <summary>One line per item: relationship, level, status, certainty, and the version it may already have become.</summary>
    private static async Task<string[]> AtLeast(TestLedger ledger, string level, string day, DateTimeOffset? knownAt = null)
    {
        var answer = await ledger.Mediator.Send(new GetMissionsAtLeast("US", level, day, knownAt));
        var keys = Parties.Where(p => p != "US").Select(p => RelationshipKey.Of("US", p)).ToList();
        await Oracle.Of(ledger, Parties).AssertSameAcrossAsync(keys, "US", Level(level), DateOnly.Parse(day), knownAt);
        return [.. answer.Items.Select(i =>
            $"{i.Relationship} {Names.Of(i.Item.Level)} {Names.Of(i.Status)} {Names.Of(i.Certainty)}" +
            (i.PossiblyChangedTo is { } to ? $" -> {Names.Of(to.Level)} {to.Since} {(to.EventId == i.Item.EventId ? "same" : "changed")}" : ""))];
    }

    private static MissionLevel Level(string text) => Names.TryParse<MissionLevel>(text, out var level) ? level : throw new ArgumentException(text);

    [Fact]
    public async Task An_embassy_lowered_in_a_year_covering_the_day_is_listed_as_possibly_lowered_as_a_closed_one_is_as_possibly_ended()
    {
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        var opened = await ledger.RecordAsync(new OpenMission("US", "AF", "embassy").On("2001-12"));
        var lowered = await ledger.RecordAsync(new ChangeMissionLevel("US", "AF", "consulate").On("2021"));
        await ledger.RecordAsync(new OpenMission("US", "IR", "embassy").On("1950"));
        await ledger.RecordAsync(new CloseMission("US", "IR").On("2021"));

        Assert.Equal(["AF~US embassy in-force possible -> consulate 2021 changed", "IR~US embassy ended possible"], await AtLeast(ledger, "embassy", "2021-06-01"));
        var af = (await ledger.Mediator.Send(new GetMissionsAtLeast("US", "embassy", "2021-06-01"))).Items[0];
        Assert.Equal((opened.EventId, lowered.EventId), (af.Item.EventId, af.PossiblyChangedTo!.EventId));

        // Before the year: certainly an embassy; on its last day and after: certainly lowered (and closed).
        Assert.Equal(["AF~US embassy in-force certain", "IR~US embassy in-force certain"], await AtLeast(ledger, "embassy", "2020-12-31"));
        Assert.Empty(await AtLeast(ledger, "embassy", "2021-12-31"));
        Assert.Empty(await AtLeast(ledger, "embassy", "2022-01-01"));
        // At the lower level the mission is listed as it stands (possibly already a consulate): no earlier version needed.
        Assert.Equal(["AF~US consulate in-force possible", "IR~US embassy ended possible"], await AtLeast(ledger, "consulate", "2021-06-01"));

        // The state of the one relationship says the same: the mission as of that day is only possibly what it is.
        var state = await ledger.Mediator.Send(new GetRelationshipState("US", "AF", "2021-06-01"));
        Assert.Equal(af.Certainty, Assert.Single(state.Missions).Certainty);
    }

    [Fact]
    public async Task A_mission_raised_in_a_year_covering_the_day_is_listed_as_possibly_in_force_at_the_new_level()
    {
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        await ledger.RecordAsync(new OpenMission("US", "FR", "consulate").On("1990"));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "FR", "embassy").On("2021"));

        Assert.Empty(await AtLeast(ledger, "embassy", "2020-12-31"));
        Assert.Equal(["FR~US embassy in-force possible"], await AtLeast(ledger, "embassy", "2021-06-01"));
        Assert.Equal(["FR~US embassy in-force certain"], await AtLeast(ledger, "embassy", "2021-12-31"));
    }

    [Fact]
    public async Task A_level_changed_twice_in_the_year_names_the_level_the_mission_may_already_have()
    {
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        await ledger.RecordAsync(new OpenMission("US", "AF", "embassy").On("2001-12"));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "AF", "consulate").On("2021"));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "AF", "liaison").On("2021"));
        // Lowered and raised back within the year: an embassy either way, only possibly since the raising.
        await ledger.RecordAsync(new OpenMission("US", "DE", "embassy").On("1955"));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "DE", "consulate").On("2021"));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "DE", "embassy").On("2021"));

        Assert.Equal(["AF~US embassy in-force possible -> liaison 2021 changed", "DE~US embassy in-force possible"], await AtLeast(ledger, "embassy", "2021-06-01"));
        // At least a consulate: the consulate of 2021 is the latest version at the level that may still hold (the liaison may be
        // ahead). Before 2026-12-03 this said the embassy: the walk went to the day before 2021, past the consulate.
        Assert.Equal(["AF~US consulate in-force possible -> liaison 2021 changed", "DE~US embassy in-force possible"], await AtLeast(ledger, "consulate", "2021-06-01"));
        Assert.Equal(["DE~US embassy in-force certain"], await AtLeast(ledger, "consulate", "2022-01-01"));
    }

    [Fact]
    public async Task A_version_dated_to_the_same_first_day_as_the_change_after_it_is_the_version_walked_back_to()
    {
        // The fold applies every fact from its first possible day, so a version that begins on the same first day as the
        // change after it (an embassy opened in 2021 and lowered in 2021; a legation of 2021-01 lowered again in 2021) is
        // in no day's state. Walking back to the state of the day before the change skipped such a version: it listed an
        // embassy certainly gone by 2021-01-31 and left out an embassy that may still be one. Hand-computed, as of 2021-06-01:
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        // AF: embassy since 2001, a legation in January 2021 (certain by the 31st), a consulate some time in 2021.
        await ledger.RecordAsync(new OpenMission("US", "AF", "embassy").On("2001"));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "AF", "legation").On("2021-01"));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "AF", "consulate").On("2021"));
        // FR: opened as an embassy in 2021 and lowered to a consulate in 2021: on 2021-06-01 it may be either.
        await ledger.RecordAsync(new OpenMission("US", "FR", "embassy").On("2021"));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "FR", "consulate").On("2021"));
        // DE: an embassy closed in January 2021 (certain by the 31st) and a consulate opened in 2021.
        await ledger.RecordAsync(new OpenMission("US", "DE", "embassy").On("1990"));
        await ledger.RecordAsync(new CloseMission("US", "DE").On("2021-01"));
        await ledger.RecordAsync(new OpenMission("US", "DE", "consulate").On("2021"));
        // IR: an embassy closed in 2021 and a consulate opened in 2021: the embassy may still be open.
        await ledger.RecordAsync(new OpenMission("US", "IR", "embassy").On("1950"));
        await ledger.RecordAsync(new CloseMission("US", "IR").On("2021"));
        await ledger.RecordAsync(new OpenMission("US", "IR", "consulate").On("2021"));

        Assert.Equal(["FR~US embassy in-force possible -> consulate 2021 changed", "IR~US embassy in-force possible -> consulate 2021 changed"],
            await AtLeast(ledger, "embassy", "2021-06-01"));
        Assert.Equal(["AF~US legation in-force possible -> consulate 2021 changed", "FR~US embassy in-force possible -> consulate 2021 changed",
            "IR~US embassy in-force possible -> consulate 2021 changed"], await AtLeast(ledger, "legation", "2021-06-01"));
        // In January the legation and the closing are themselves only possible: each embassy may still be one.
        Assert.Equal(["AF~US embassy in-force possible -> consulate 2021 changed", "DE~US embassy in-force possible -> consulate 2021 changed",
            "FR~US embassy in-force possible -> consulate 2021 changed", "IR~US embassy in-force possible -> consulate 2021 changed"],
            await AtLeast(ledger, "embassy", "2021-01-15"));
    }

    [Fact]
    public async Task A_change_dated_to_a_month_is_possible_inside_the_month_only_and_a_later_certain_change_settles_it()
    {
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        await ledger.RecordAsync(new OpenMission("US", "AF", "embassy").On("2001-12"));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "AF", "consulate").On("2021-05"));
        // A year's lowering then a month's: inside the month both may be ahead; after it, the month's certainly happened.
        await ledger.RecordAsync(new OpenMission("US", "IR", "embassy").On("1950"));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "IR", "legation").On("2021"));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "IR", "consulate").On("2021-05"));

        Assert.Equal(["AF~US embassy in-force certain", "IR~US embassy in-force possible -> legation 2021 changed"], await AtLeast(ledger, "embassy", "2021-04-30"));
        Assert.Equal(["AF~US embassy in-force possible -> consulate 2021-05 changed", "IR~US embassy in-force possible -> consulate 2021-05 changed"],
            await AtLeast(ledger, "embassy", "2021-05-15"));
        Assert.Empty(await AtLeast(ledger, "embassy", "2021-05-31"));
        Assert.Equal(["AF~US embassy in-force possible -> consulate 2021-05 changed", "IR~US legation in-force possible -> consulate 2021-05 changed"],
            await AtLeast(ledger, "legation", "2021-05-15"));
    }

    [Fact]
    public async Task A_lowering_and_a_closing_in_the_year_leave_the_mission_possibly_still_at_the_level()
    {
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        await ledger.RecordAsync(new OpenMission("US", "AF", "embassy").On("2001-12"));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "AF", "consulate").On("2021"));
        await ledger.RecordAsync(new CloseMission("US", "AF").On("2021"));

        Assert.Equal(["AF~US embassy in-force possible -> consulate 2021 changed"], await AtLeast(ledger, "embassy", "2021-06-01"));
        Assert.Equal(["AF~US consulate ended possible"], await AtLeast(ledger, "consulate", "2021-06-01"));
        Assert.Empty(await AtLeast(ledger, "embassy", "2022-01-01"));
    }

    [Fact]
    public async Task As_known_before_the_lowering_was_recorded_the_embassy_is_certain_and_after_it_possibly_lowered()
    {
        var clock = ManualClock.Fixed();
        await using var ledger = await TestLedger.OpenAsync(clock);
        await ledger.RecordAsync(new OpenMission("US", "AF", "embassy").On("2001-12"));
        clock.Advance(TimeSpan.FromDays(1));
        var before = clock.Now;
        clock.Advance(TimeSpan.FromDays(1));
        await ledger.RecordAsync(new ChangeMissionLevel("US", "AF", "consulate").On("2021"));
        var after = clock.Now; // RecordAsync moved the clock a second past the lowering's recorded-at

        Assert.Equal(["AF~US embassy in-force certain"], await AtLeast(ledger, "embassy", "2021-06-01", before));
        Assert.Equal(["AF~US embassy in-force possible -> consulate 2021 changed"], await AtLeast(ledger, "embassy", "2021-06-01", after));
        Assert.Equal(["AF~US embassy in-force possible -> consulate 2021 changed"], await AtLeast(ledger, "embassy", "2021-06-01"));
    }
}
