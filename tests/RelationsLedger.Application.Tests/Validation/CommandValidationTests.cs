using FluentValidation;
using RelationsLedger.Application.Commands.Agreements;
using RelationsLedger.Application.Commands.Ambassadors;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Missions;
using RelationsLedger.Application.Commands.Recognition;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Commands.Relations;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// Every validation rule, good and bad, through the real pipeline: each bad command fails with
/// the field named, and the store file is never even created.
/// </summary>
public sealed class CommandValidationTests : IAsyncLifetime
{
    private static readonly ManualClock Clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private TestLedger _ledger = null!;

    public async Task InitializeAsync() => _ledger = await TestLedger.OpenAsync(Clock);

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    private static ImposeDesignation Good() => TestLedger.Sourced(new ImposeDesignation("RU", "taliban", "Federal list", "Supreme Court"), "2003-02-14");

    private async Task<IReadOnlyDictionary<string, string>> Invalid(RecordCommand command)
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() => _ledger.Send(command));
        Assert.False(File.Exists(_ledger.StorePath), "an invalid command must write nothing, not even the file");
        return e.Errors.GroupBy(f => f.PropertyName).ToDictionary(g => g.Key, g => string.Join(" | ", g.Select(f => f.ErrorMessage)));
    }

    private async Task AssertInvalid(RecordCommand command, string field, string because)
    {
        var errors = await Invalid(command);
        Assert.True(errors.TryGetValue(field, out var message), $"expected an error on '{field}', got: {string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}"))}");
        Assert.Contains(because, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_command_passes_every_rule() => Assert.False((await _ledger.Send(Good())).AlreadyRecorded);

    [Theory]
    [InlineData("Russia", "neither an ISO 3166-1 alpha-2 code")]
    [InlineData("", "is empty")]
    [InlineData("isis_k", "neither")]
    public async Task Party_ids_must_be_well_formed(string actor, string because) =>
        await AssertInvalid(Good() with { Actor = actor }, "actor", because);

    [Fact]
    public async Task The_two_parties_must_differ() =>
        await AssertInvalid(Good() with { Counterpart = "RU" }, "counterpart", "must be a different party from 'actor'");

    [Theory]
    [InlineData("2025-13", "not a valid date")]
    [InlineData("2025-02-30", "does not exist")]
    [InlineData("17/04/2025", "not a date of the form")]
    [InlineData("", "is required: a date of the form")]
    [InlineData("2026-11-27", "is in the future")] // at noon UTC on the 25th, the 26th has begun at UTC+14 (round 65)
    [InlineData("2027", "is in the future")]
    [InlineData("2026-12", "is in the future")]
    public async Task The_effective_date_must_be_a_real_past_partial_date(string effective, string because) =>
        await AssertInvalid(Good() with { EffectiveDate = effective }, "effectiveDate", because);

    [Theory]
    [InlineData("2026-11-25")]
    [InlineData("2026-11-26")] // today where the day begins first (UTC+14: 02:00), though not yet in UTC
    [InlineData("2026-11")]
    [InlineData("2026")]
    public async Task A_partial_date_whose_first_day_has_come_is_not_in_the_future(string effective) =>
        Assert.False((await _ledger.Send(Good() with { EffectiveDate = effective })).AlreadyRecorded);

    [Fact]
    public async Task Who_recorded_it_is_required_and_bounded()
    {
        await AssertInvalid(Good() with { RecordedBy = " " }, "recordedBy", "is required");
        await AssertInvalid(Good() with { RecordedBy = new string('x', 201) }, "recordedBy", "at most 200 characters");
    }

    [Fact]
    public async Task At_least_one_source_is_required() =>
        await AssertInvalid(Good() with { Sources = [] }, "sources", "auditors reject an unsourced fact");

    [Fact]
    public async Task At_most_twenty_sources_may_be_given() =>
        await AssertInvalid(Good() with { Sources = Enumerable.Repeat(new SourceInput("P", "T"), 21).ToList() }, "sources", "at most 20");

    [Theory]
    [InlineData(null, "Title", null, null, "sources[0].publisher", "is required")]
    [InlineData("Reuters", null, null, null, "sources[0].title", "is required")]
    [InlineData("Reuters", "Title", "not a url", null, "sources[0].url", "absolute http(s) URL")]
    [InlineData("Reuters", "Title", "ftp://example.org/x", null, "sources[0].url", "absolute http(s) URL")]
    [InlineData("Reuters", "Title", null, "2025-13", "sources[0].publishedOn", "not a valid date")]
    [InlineData("Reuters", "Title", null, "2027", "sources[0].publishedOn", "is in the future")]
    public async Task Each_source_needs_a_publisher_and_a_title_and_valid_optional_parts(string? publisher, string? title, string? url, string? published, string field, string because) =>
        await AssertInvalid(Good() with { Sources = [new SourceInput(publisher, title, url, null, published)] }, field, because);

    [Fact]
    public async Task Texts_are_required_and_bounded()
    {
        await AssertInvalid(Good() with { List = "" }, "list", "is required");
        await AssertInvalid(Good() with { Authority = new string('a', 201) }, "authority", "at most 200 characters (it has 201)");
        await AssertInvalid(Good() with { Reference = new string('r', 201) }, "reference", "at most 200");
        await AssertInvalid(TestLedger.Sourced(new MakeStatement("RU", "taliban", "Putin", "ally", new string('s', 2001)), "2024-07"), "summary", "at most 2000");
        await AssertInvalid(TestLedger.Sourced(new SeverRelations("RU", "GE", new string('s', 2001)), "2008-08"), "reason", "at most 2000");
    }

    [Fact]
    public async Task Enumerations_accept_only_their_values()
    {
        await AssertInvalid(TestLedger.Sourced(new OpenMission("US", "AF", "palace"), "1948"), "level", "must be one of embassy, ambassador-nonresident");
        await AssertInvalid(TestLedger.Sourced(new GrantRecognition("RU", "taliban", "dejure"), "2025"), "form", "must be one of de-jure, de-facto");
        await AssertInvalid(TestLedger.Sourced(new MakeStatement("RU", "taliban", "Putin", "friend", "x"), "2024"), "stance", "must be one of ally, partner, neutral, hostile");
    }

    [Fact]
    public async Task Optional_party_fields_must_be_party_ids_and_a_pledge_is_not_against_its_giver()
    {
        await AssertInvalid(TestLedger.Sourced(new OpenMission("US", "AF", "interests-section", null, "Qatar"), "2021"), "protectingPower", "neither");
        await AssertInvalid(TestLedger.Sourced(new PledgeCooperation("RU", "taliban", "counter-terrorism", "RU"), "2025-05"), "adversary", "cannot be the party that pledges");
    }

    [Fact]
    public async Task Mutual_and_ambassador_commands_check_their_own_party_fields()
    {
        await AssertInvalid(TestLedger.Sourced(new SignAgreement("RU", "RU", "trade", "x"), "2020"), "partyB", "different party");
        await AssertInvalid(TestLedger.Sourced(new AccreditAmbassador("taliban", "Moscow", "X"), "2025"), "receiving", "neither");
        await AssertInvalid(TestLedger.Sourced(new HoldEngagement("RU", "taliban", "", "t"), "2025"), "kind", "is required");
    }

    [Fact]
    public async Task The_command_id_must_not_be_empty() =>
        await AssertInvalid(Good() with { CommandId = Guid.Empty }, "commandId", "must not be the empty id");

    [Fact]
    public async Task Mends_need_an_event_id_a_reason_and_something_to_change()
    {
        await AssertInvalid(TestLedger.Sourced(new RetractEntry("RU", "taliban", "not-an-id", "oops"), "2026"), "target", "must be an event id");
        await AssertInvalid(TestLedger.Sourced(new RetractEntry("RU", "taliban", Guid.NewGuid().ToString(), ""), "2026"), "reason", "is required");
        await AssertInvalid(TestLedger.Sourced(new CorrectEntry("RU", "taliban", Guid.NewGuid().ToString(), "why"), "2026"), "changes", "a correction must give");
        await AssertInvalid(TestLedger.Sourced(new CorrectEntry("RU", "taliban", Guid.NewGuid().ToString(), "why", "2025-13"), "2026"), "correctedEffectiveDate", "not a valid date");
    }

    [Fact]
    public async Task Every_failure_is_reported_at_once()
    {
        var errors = await Invalid(Good() with { Actor = "Russia", EffectiveDate = "soon", Sources = [], List = "" });
        Assert.Equal(["actor", "effectiveDate", "list", "sources"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
