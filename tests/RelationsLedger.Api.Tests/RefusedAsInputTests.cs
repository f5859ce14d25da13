using System.Net.Http.Json;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// Round 69's hostile test of the domain's rules over HTTP, on a real server: what is refused as input, a 400 naming the field,
/// alone and in a batch, with nothing recorded. A correction or retraction whose <c>target</c> is its own <c>commandId</c> (before,
/// a 409 saying its own id "is not in relationship …"; in a batch, to record it "in a later batch", where it would be refused
/// again); a pledge against the party it helps, an interests section under the flag of one of its own two parties, and a
/// protecting power given to an embassy (before, each was recorded).
/// </summary>
public sealed class RefusedAsInputTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ApiServer _server = shared.Server;
    private readonly string _party = $"p-{Guid.NewGuid():N}"[..14];

    private static readonly object[] Sources = Bodies.Sources;

    private async Task<int> EventCountAsync() => (await _server.GetJsonAsync($"/relationships/RU/{_party}/history")).AsArray().Count;

    private Dictionary<string, object?> Retraction(Guid id) => new()
    {
        ["partyA"] = "RU", ["partyB"] = _party, ["target"] = id.ToString("D").ToUpperInvariant(), ["commandId"] = id.ToString("D"),
        ["reason"] = "entered twice", ["effectiveDate"] = "2025-06-01", ["recordedBy"] = "analyst", ["sources"] = Sources,
    };

    [Fact]
    public async Task A_mend_naming_its_own_command_id_is_a_400_on_target_alone_and_in_a_batch()
    {
        var id = Guid.NewGuid();
        using var alone = await _server.RecordAsync("retract-entry", Retraction(id));
        var errors = await alone.ValidationErrorsAsync();
        Assert.Equal(["target"], errors.Select(e => e.Key));
        Assert.StartsWith("'target' is this command's own id ('commandId')", (string?)errors["target"]![0], StringComparison.Ordinal);

        var correction = new Dictionary<string, object?>(Retraction(id)) { ["correctedEffectiveDate"] = "2001" };
        using var corrected = await _server.RecordAsync("correct-entry", correction);
        Assert.Equal(["target"], (await corrected.ValidationErrorsAsync()).Select(e => e.Key));

        var item = new Dictionary<string, object?>(Retraction(id)) { ["command"] = "retract-entry" };
        using var batch = await _server.Recorder.PostAsync("/commands/batch", JsonContent.Create(new { commands = new[] { item } }));
        var batchErrors = await batch.ValidationErrorsAsync();
        Assert.Equal(["commands[0].target"], batchErrors.Select(e => e.Key));
        Assert.Contains("never itself", (string?)batchErrors["commands[0].target"]![0], StringComparison.Ordinal);
        Assert.Equal(0, await EventCountAsync());
    }

    [Fact]
    public async Task A_third_party_that_is_one_of_the_two_is_a_400_naming_the_field_and_nothing_is_recorded()
    {
        using var pledge = await _server.RecordAsync("pledge-cooperation", new
        {
            actor = "RU", counterpart = _party, domain = "counter-terrorism", adversary = _party,
            effectiveDate = "2025-05", recordedBy = "analyst", sources = Sources,
        });
        var pledgeErrors = await pledge.ValidationErrorsAsync();
        Assert.Equal(["adversary"], pledgeErrors.Select(e => e.Key));
        Assert.Equal("'adversary' cannot be the party helped ('counterpart'): a common adversary is a third party.", (string?)pledgeErrors["adversary"]![0]);

        using var underOwnFlag = await _server.RecordAsync("open-mission", new
        {
            actor = "RU", counterpart = _party, level = "interests-section", protectingPower = "RU",
            effectiveDate = "2001", recordedBy = "analyst", sources = Sources,
        });
        Assert.Contains("('actor')", (string?)(await underOwnFlag.ValidationErrorsAsync())["protectingPower"]![0], StringComparison.Ordinal);

        var embassy = new Dictionary<string, object?>
        {
            ["command"] = "open-mission", ["actor"] = "RU", ["counterpart"] = _party, ["level"] = "embassy", ["protectingPower"] = "CH",
            ["effectiveDate"] = "2001", ["recordedBy"] = "analyst", ["sources"] = Sources,
        };
        using var batch = await _server.Recorder.PostAsync("/commands/batch", JsonContent.Create(new { commands = new[] { embassy } }));
        var batchErrors = await batch.ValidationErrorsAsync();
        Assert.Equal(["commands[0].protectingPower"], batchErrors.Select(e => e.Key));
        Assert.Contains("only with level interests-section", (string?)batchErrors["commands[0].protectingPower"]![0], StringComparison.Ordinal);
        Assert.Equal(0, await EventCountAsync());

        // A third party is recorded as before.
        embassy["level"] = "interests-section";
        using var recorded = await _server.Recorder.PostAsync("/commands/batch", JsonContent.Create(new { commands = new[] { embassy } }));
        Assert.True(recorded.IsSuccessStatusCode, await recorded.Content.ReadAsStringAsync());
        Assert.Equal(1, await EventCountAsync());
    }
}
