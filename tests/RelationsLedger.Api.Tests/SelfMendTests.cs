using System.Net.Http.Json;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// Round 69's hostile test of the domain's rules over HTTP, on a real server: a correction or retraction whose <c>target</c> is
/// its own <c>commandId</c> is a 400 naming <c>target</c>, alone and in a batch, and nothing is recorded. Before, a 409 saying its
/// own id "is not in relationship …" (in a batch: record it "in a later batch", where it would be refused again).
/// </summary>
public sealed class SelfMendTests(SharedServer shared) : IClassFixture<SharedServer>
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
}
