using System.Net.Http.Json;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A command's errors are of what was given, found by round 70's hostile tester: a body of <c>{}</c> to
/// <c>pledge-cooperation</c> was also told "'adversary' cannot be the party that pledges" (no adversary was given: null equalled
/// the absent actor), every command with neither party was told "'counterpart' must be a different party from 'actor'" (two
/// absent parties are not the same party), and an absent effective date was "'' is not a date of the form …". Now each absent
/// field is named once, as absent, and a comparison is made only between two fields that are each well formed.
/// </summary>
public sealed class ErrorsOfWhatWasGivenTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ApiServer _server = shared.Server;

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response) =>
        (await response.ValidationErrorsAsync()).ToDictionary(e => e.Key, e => e.Value!.AsArray().Select(m => (string)m!).ToArray());

    [Fact]
    public async Task An_empty_pledge_is_told_each_absent_field_once_and_nothing_of_an_adversary()
    {
        using var response = await _server.RecordAsync("pledge-cooperation", new { });
        var errors = await ErrorsAsync(response);

        Assert.Equal(["effectiveDate", "recordedBy", "sources", "actor", "counterpart", "domain"], errors.Keys);
        Assert.Equal(["'effectiveDate' is required: a date of the form YYYY, YYYY-MM or YYYY-MM-DD."], errors["effectiveDate"]);
        Assert.Equal(["'actor' is empty."], errors["actor"]);
        Assert.Equal(["'counterpart' is empty."], errors["counterpart"]);
    }

    [Fact]
    public async Task Two_parties_that_are_not_parties_are_each_named_and_not_compared()
    {
        var item = new Dictionary<string, object?> { ["command"] = "sever-relations", ["partyA"] = "Russia", ["partyB"] = "Russia" };
        using var batch = await _server.Recorder.PostAsync("/commands/batch", JsonContent.Create(new { commands = new[] { item } }));
        var errors = await ErrorsAsync(batch);

        Assert.Single(errors["commands[0].partyA"]);
        Assert.Single(errors["commands[0].partyB"]);
        Assert.Contains("neither an ISO 3166-1 alpha-2 code", errors["commands[0].partyB"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_party_twice_and_an_adversary_that_pledges_are_still_refused()
    {
        using var response = await _server.RecordAsync("pledge-cooperation", new
        {
            actor = "RU", counterpart = "RU", domain = "counter-terrorism", adversary = "RU",
            effectiveDate = "2025-05", recordedBy = "analyst", sources = Bodies.Sources,
        });
        var errors = await ErrorsAsync(response);

        Assert.Equal(["'counterpart' must be a different party from 'actor'."], errors["counterpart"]);
        Assert.Contains("'adversary' cannot be the party that pledges.", errors["adversary"]);
    }
}
