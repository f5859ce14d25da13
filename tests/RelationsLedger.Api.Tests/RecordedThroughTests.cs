using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RelationsLedger.Api.Security;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// Which API key recorded each event: the server stamps the key's configured name as <c>recordedThrough</c> on every event
/// recorded through <c>POST /commands/…</c>, beside the <c>recordedBy</c> the body names, and a body cannot set it.
/// </summary>
public sealed class RecordedThroughTests : IAsyncLifetime
{
    private const string AliceKey = "rl_alice-writer-key";
    private const string BobKey = "rl_bob-writer-key";
    private ApiServer _server = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync(new Dictionary<string, string?>
        {
            ["Api:Keys:2:Name"] = "alice", ["Api:Keys:2:Hash"] = ApiKeyHash.HexOf(AliceKey), ["Api:Keys:2:Role"] = "recorder",
            ["Api:Keys:3:Name"] = "bob", ["Api:Keys:3:Hash"] = ApiKeyHash.HexOf(BobKey), ["Api:Keys:3:Role"] = "recorder",
        });
        (_alice, _bob) = (_server.Client(AliceKey), _server.Client(BobKey, asXApiKey: true));
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        await _server.DisposeAsync();
    }

    private static object DesignationRecordedBy(string recordedBy) => new
    {
        actor = "RU", counterpart = "taliban", list = "Federal list of terrorist organisations",
        authority = "Supreme Court of the Russian Federation", effectiveDate = "2003-02-14", recordedBy, sources = Bodies.Sources,
    };

    private async Task<string> StoredMetadataAsync(int revision = 0)
    {
        await using var connection = await StoredJson.OpenAsync(_server.StorePath, readOnly: true);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT json_of(metadata) FROM events WHERE stream = 'relationship-RU~taliban' AND revision = {revision}";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task An_event_recorded_with_key_alice_for_bob_shows_both_in_every_answer()
    {
        using var response = await _server.RecordAsync("impose-designation", DesignationRecordedBy("bob"), client: _alice);
        await response.ReadJsonAsync(HttpStatusCode.Created);

        var stored = JsonNode.Parse(await StoredMetadataAsync())!;
        Assert.Equal(("bob", "alice"), ((string?)stored["recordedBy"], (string?)stored["recordedThrough"]));
        var history = (await _server.GetJsonAsync("/relationships/RU/taliban/history")).AsArray().Single()!;
        Assert.Equal(("bob", "alice"), ((string?)history["recordedBy"], (string?)history["recordedThrough"]));
        var audit = (await _server.GetJsonAsync("/relationships/RU/taliban/audit"))["entries"]!.AsArray().Single()!;
        Assert.Equal(("bob", "alice"), ((string?)audit["recordedBy"], (string?)audit["recordedThrough"]));
        var feed = (await _server.GetJsonAsync("/events"))["events"]!.AsArray().Single()!;
        Assert.Equal(("bob", "alice"), ((string?)feed["recordedBy"], (string?)feed["recordedThrough"]));
        var one = await _server.GetJsonAsync(response.Headers.Location!.ToString());
        Assert.Equal("alice", (string?)one["recordedThrough"]);
        // The hash covers it, and the chain verifies as recorded.
        Assert.True((bool)(await _server.GetJsonAsync("/verify"))["ok"]!);
    }

    [Fact]
    public async Task The_store_file_says_it_holds_an_event_builds_before_recordedThrough_cannot_read()
    {
        // docs/events.md, "A store made or written by another version": before, the file said 1 and a build from before the
        // field read the event as altered; now version 2, which such a build (from 2026-11-30 on) refuses by name.
        using var response = await _server.RecordAsync("impose-designation", DesignationRecordedBy("bob"), client: _alice);
        await response.ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(2, await LedgerFiles.UserVersionAsync(_server.StorePath));
    }

    [Fact]
    public async Task Each_event_of_a_batch_carries_the_key_it_came_with()
    {
        var body = new
        {
            sources = Bodies.Sources, recordedBy = "carol",
            commands = new object[]
            {
                new { command = "impose-designation", actor = "RU", counterpart = "taliban", list = "Federal list of terrorist organisations", authority = "Supreme Court", effectiveDate = "2003-02-14" },
                new { command = "remove-designation", actor = "RU", counterpart = "taliban", list = "Federal list of terrorist organisations", authority = "Supreme Court", effectiveDate = "2025-04-17", recordedBy = "dave" },
            },
        };
        using var response = await _bob.PostAsync("/commands/batch", JsonContent.Create(body));
        await response.ReadJsonAsync(HttpStatusCode.OK);

        var history = (await _server.GetJsonAsync("/relationships/RU/taliban/history")).AsArray();
        Assert.Equal([("carol", "bob"), ("dave", "bob")], history.Select(e => ((string?)e!["recordedBy"], (string?)e["recordedThrough"])));
    }

    public static TheoryData<string, string> BodiesSettingIt => new()
    {
        // a command's body, a batch's shared fields, a batch's item
        { "/commands/impose-designation", """{"actor":"RU","counterpart":"taliban","list":"L","authority":"A","effectiveDate":"2003","recordedBy":"bob","recordedThrough":"someone-else","sources":[{"publisher":"P","title":"T"}]}""" },
        { "/commands/batch", """{"recordedBy":"bob","recordedThrough":"someone-else","sources":[{"publisher":"P","title":"T"}],"commands":[{"command":"impose-designation","actor":"RU","counterpart":"taliban","list":"L","authority":"A","effectiveDate":"2003"}]}""" },
        { "/commands/batch", """[{"command":"impose-designation","actor":"RU","counterpart":"taliban","list":"L","authority":"A","effectiveDate":"2003","recordedBy":"bob","recordedThrough":"someone-else","sources":[{"publisher":"P","title":"T"}]}]""" },
    };

    [Theory]
    [MemberData(nameof(BodiesSettingIt))]
    public async Task A_body_that_sets_recordedThrough_is_refused_naming_it_and_nothing_is_recorded(string path, string json)
    {
        using var response = await _alice.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var errors = await response.ValidationErrorsAsync();

        var (field, messages) = Assert.Single(errors);
        Assert.EndsWith("recordedThrough", field, StringComparison.Ordinal);
        Assert.Contains("set by the server to the name of the API key", messages!.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty((await _server.GetJsonAsync("/relationships/RU/taliban/history")).AsArray());
    }

    [Theory]
    [InlineData(201, "Name must be at most 200 characters (it has 201)")]
    [InlineData(0, "Name contains an unprintable character (U+001B at position 6)")]
    [InlineData(-1, "Name holds an invisible character (U+200E LEFT-TO-RIGHT MARK at position 6)")] // a name, as recordedBy: before round 44, refused only as unprintable
    [InlineData(-2, "Name holds an invisible character (U+200B ZERO WIDTH SPACE at position 6)")] // before round 44, started and recorded it
    [InlineData(-3, "Name holds a direction control (U+202E RIGHT-TO-LEFT OVERRIDE at position 6): it reorders the text after it")]
    public async Task A_key_name_that_could_not_be_recorded_stops_the_server_from_starting(int length, string expected)
    {
        var name = length switch { > 0 => new string('k', length), 0 => "alice\u001b[31m", -1 => "alice\u200Ebob", -2 => "alice\u200Bbob", _ => "alice\u202Ebob" };
        var error = await Assert.ThrowsAsync<Hosting.ApiConfigurationException>(() => ApiServer.StartAsync(new Dictionary<string, string?>
        {
            ["Api:Keys:2:Name"] = name, ["Api:Keys:2:Hash"] = ApiKeyHash.HexOf("rl_another-key"), ["Api:Keys:2:Role"] = "recorder",
        }));
        Assert.Contains($"Api:Keys:2: {expected}", error.Message, StringComparison.Ordinal);
        Assert.Contains("recorded as 'recordedThrough'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_with_the_same_key_is_the_same_command_and_with_another_key_is_refused()
    {
        var id = Guid.NewGuid().ToString();
        (await _server.RecordAsync("impose-designation", DesignationRecordedBy("bob"), id, _alice)).EnsureSuccessStatusCode();

        using var again = await _server.RecordAsync("impose-designation", DesignationRecordedBy("bob"), id, _alice);
        await again.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("true", again.Headers.GetValues(Commands.CommandEndpoints.ReplayedHeader).Single());

        // The ledger says alice's key recorded it: the same id from bob's key is another submission, not a retry of alice's.
        using var other = await _server.RecordAsync("impose-designation", DesignationRecordedBy("bob"), id, _bob);
        var refused = await other.ReadJsonAsync(HttpStatusCode.UnprocessableEntity);
        // Said as such: before, only "was already used for a different command … records other content", of the same command.
        Assert.Contains("The other content is only the API key: it was recorded through API key 'alice', and this one comes through API key 'bob'",
            (string?)refused["detail"], StringComparison.Ordinal);
        Assert.Equal("alice", (string?)JsonNode.Parse(await StoredMetadataAsync())!["recordedThrough"]);
    }
}
