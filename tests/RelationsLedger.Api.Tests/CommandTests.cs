using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// Commands on one server for the class; each test works on a relationship of its own (RU and a party
/// named for the test) and idempotency keys of its own, so that no test sees another's events.
/// </summary>
public sealed class CommandTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ApiServer _server = shared.Server;
    private readonly string _party = $"p-{Guid.NewGuid():N}"[..14];

    private string Key(string name) => $"{_party}-{name}";

    private object Designation(string list = "Federal list of terrorist organisations", string on = "2003-02-14") =>
        Bodies.Designation(counterpart: _party, list: list, on: on);

    private async Task<int> EventCountAsync(string? b = null) =>
        (await _server.GetJsonAsync($"/relationships/RU/{b ?? _party}/history")).AsArray().Count;

    [Fact]
    public async Task A_command_is_recorded_with_201_its_event_id_stream_revision_position_and_a_location_to_read_it()
    {
        using var response = await _server.RecordAsync("impose-designation", Designation());
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal("DesignationImposed", (string?)body["type"]);
        Assert.Equal($"relationship-RU~{_party}", (string?)body["stream"]);
        Assert.Equal(0, (int)body["revision"]!);
        Assert.True(ulong.Parse((string)body["globalPosition"]!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        var eventId = Guid.Parse((string)body["eventId"]!);
        Assert.Equal($"/relationships/RU/{_party}/events/0", response.Headers.Location?.ToString());

        var stored = await _server.GetJsonAsync(response.Headers.Location!.ToString());
        Assert.Equal(eventId, Guid.Parse((string)stored["eventId"]!));
        Assert.Equal("2003-02-14", (string?)stored["effectiveDate"]);
        Assert.Equal("Federal list of terrorist organisations", (string?)stored["data"]!["list"]);
    }

    [Fact]
    public async Task Missing_fields_are_400_with_each_field_named_in_camelCase_and_nothing_is_recorded()
    {
        using var response = await _server.RecordAsync("impose-designation", new { actor = "RU", counterpart = _party, effectiveDate = "2003-02-14" });
        var errors = await response.ValidationErrorsAsync();

        Assert.Contains("list", errors.Select(e => e.Key));
        Assert.Contains("authority", errors.Select(e => e.Key));
        Assert.Contains("recordedBy", errors.Select(e => e.Key));
        Assert.Contains("source", (string?)errors["sources"]![0], StringComparison.Ordinal);
        Assert.Equal(0, await EventCountAsync());
    }

    [Fact]
    public async Task Bad_values_are_400_naming_the_field_and_why()
    {
        using var response = await _server.RecordAsync("impose-designation", new
        {
            actor = "Russia!", counterpart = _party, list = "L", authority = "A",
            effectiveDate = "2999-01-01", recordedBy = "analyst",
            sources = new object[] { new { publisher = "", title = "T", url = "ftp://x" } },
        });
        var errors = await response.ValidationErrorsAsync();

        Assert.Equal(["actor", "effectiveDate", "sources[0].publisher", "sources[0].url"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains("future", (string?)errors["effectiveDate"]![0], StringComparison.Ordinal);
        Assert.Contains("http", (string?)errors["sources[0].url"]![0], StringComparison.Ordinal);
        Assert.Equal(0, await EventCountAsync());
    }

    [Fact]
    public async Task The_same_party_twice_is_400_on_the_second()
    {
        using var response = await _server.RecordAsync("impose-designation", Bodies.Designation(actor: "RU", counterpart: "RU"));
        var errors = await response.ValidationErrorsAsync();
        Assert.Equal(["counterpart"], errors.Select(e => e.Key));
    }

    [Fact]
    public async Task A_field_the_command_does_not_have_is_400_listing_its_fields()
    {
        using var response = await _server.RecordAsync("impose-designation", new { actor = "RU", counterpart = "taliban", lsit = "typo" });
        var errors = await response.ValidationErrorsAsync();

        Assert.Equal(["lsit"], errors.Select(e => e.Key));
        Assert.Contains("authority", (string?)errors["lsit"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_JSON_type_is_400_naming_the_field_and_the_type_expected()
    {
        using var response = await _server.RecordAsync("impose-designation", new { actor = 7, counterpart = "taliban" });
        var errors = await response.ValidationErrorsAsync();

        Assert.Equal(["actor"], errors.Select(e => e.Key));
        Assert.Contains("a string", (string?)errors["actor"]![0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"actor\": \"RU\",", "body")]
    [InlineData("[1, 2]", "body")]
    [InlineData("{\"sources\": [\"Reuters\"]}", "sources[0]")]
    [InlineData("{\"sources\": [{\"publisher\": \"R\", \"title\": \"T\", \"author\": \"X\"}]}", "sources[0].author")]
    [InlineData("{\"sources\": null}", "sources")]
    public async Task Malformed_bodies_are_400_naming_where(string json, string field)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _server.Recorder.PostAsync("/commands/impose-designation", content);
        var errors = await response.ValidationErrorsAsync();
        Assert.Contains(field, errors.Select(e => e.Key));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_415()
    {
        using var content = new StringContent("actor=RU", Encoding.UTF8, "text/plain");
        using var response = await _server.Recorder.PostAsync("/commands/impose-designation", content);
        var problem = await response.ReadJsonAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("urn:relationsledger:problem:unsupported-media-type", (string?)problem["type"]);
    }

    /// <summary>
    /// A body declared in a charset other than UTF-8 is refused before it is read (round 52): JSON is read as UTF-8, and until
    /// then a declared <c>charset=utf-16</c> was ignored — a UTF-8 body recorded as if the header said nothing, a UTF-16 one
    /// refused as malformed JSON.
    /// </summary>
    [Theory]
    [InlineData("utf-16", "utf-8")]
    [InlineData("utf-16", "utf-16")]
    [InlineData("ISO-8859-1", "utf-8")]
    [InlineData("\"utf-32\"", "utf-8")]
    public async Task A_body_declared_in_another_charset_is_415_naming_it_and_nothing_is_recorded(string declared, string sent)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Designation());
        using var content = new ByteArrayContent(Encoding.GetEncoding(sent).GetBytes(json));
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={declared}");
        using var response = await _server.Recorder.PostAsync("/commands/impose-designation", content);
        var problem = await response.ReadJsonAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("urn:relationsledger:problem:unsupported-media-type", (string?)problem["type"]);
        Assert.Equal("The body must be UTF-8.", (string?)problem["title"]);
        Assert.Contains($"charset '{declared.Trim('"')}'", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(0, await EventCountAsync());
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json;charset=utf8")]
    [InlineData("application/json")]
    public async Task A_body_declared_in_UTF_8_or_no_charset_is_recorded(string contentType)
    {
        using var content = new StringContent(System.Text.Json.JsonSerializer.Serialize(Designation()), Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await _server.Recorder.PostAsync("/commands/impose-designation", content);
        await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, await EventCountAsync());
    }

    [Fact]
    public async Task A_contradiction_is_409_naming_the_conflicting_event_and_nothing_is_recorded()
    {
        using var first = await _server.RecordAsync("impose-designation", Designation());
        var imposed = (string?)(await first.ReadJsonAsync(HttpStatusCode.Created))["eventId"];

        using var again = await _server.RecordAsync("impose-designation", Designation(on: "2010-01-01"));
        var problem = await again.ReadJsonAsync(HttpStatusCode.Conflict);

        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:relationsledger:problem:command-refused", (string?)problem["type"]);
        Assert.Equal(imposed, (string?)problem["conflictingEventId"]);
        Assert.Contains(imposed!, (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(1, await EventCountAsync());
    }

    [Fact]
    public async Task A_suspension_and_reinstatement_are_recorded_over_HTTP_and_answered_with_their_status()
    {
        using (var imposed = await _server.RecordAsync("impose-designation", Designation())) await imposed.ReadJsonAsync(HttpStatusCode.Created);
        using var suspended = await _server.RecordAsync("suspend-designation", Bodies.RemoveDesignation(counterpart: _party, on: "2025-04-17"));
        var suspension = (string?)(await suspended.ReadJsonAsync(HttpStatusCode.Created))["eventId"];

        var state = await _server.GetJsonAsync($"/relationships/RU/{_party}/state?asOf=2025-05-01");
        Assert.Equal("suspended", (string?)state["designations"]![0]!["status"]);
        var of = await _server.GetJsonAsync($"/parties/{_party}/designations-of?asOf=2025-05-01");
        Assert.Equal("suspended", (string?)of["items"]![0]!["status"]);

        using var again = await _server.RecordAsync("suspend-designation", Bodies.RemoveDesignation(counterpart: _party, on: "2025-05-01"));
        var problem = await again.ReadJsonAsync(HttpStatusCode.Conflict);
        Assert.Equal(suspension, (string?)problem["conflictingEventId"]);

        using (var reinstated = await _server.RecordAsync("reinstate-designation", Bodies.RemoveDesignation(counterpart: _party, on: "2025-09-01")))
            await reinstated.ReadJsonAsync(HttpStatusCode.Created);
        state = await _server.GetJsonAsync($"/relationships/RU/{_party}/state?asOf=2025-10-01");
        Assert.Equal("in-force", (string?)state["designations"]![0]!["status"]);
        Assert.Equal(3, await EventCountAsync());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_nothing_is_recorded()
    {
        var body = new { actor = "RU", counterpart = _party, list = new string('x', 70 * 1024) };
        using var response = await _server.RecordAsync("impose-designation", body);
        var problem = await response.ReadJsonAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("urn:relationsledger:problem:body-too-large", (string?)problem["type"]);
        Assert.Equal(64 * 1024, (int)problem["limit"]!);
        Assert.Equal(0, await EventCountAsync());
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_and_body_gets_the_same_201_and_records_nothing_more()
    {
        using var first = await _server.RecordAsync("impose-designation", Designation(), idempotencyKey: Key("retry"));
        var original = await first.ReadJsonAsync(HttpStatusCode.Created);
        using var retry = await _server.RecordAsync("impose-designation", Designation(), idempotencyKey: Key("retry"));
        var replayed = await retry.ReadJsonAsync(HttpStatusCode.Created);

        Assert.True(JsonNode.DeepEquals(original, replayed), $"{original} != {replayed}");
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await EventCountAsync());
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_for_another_body_is_422_on_the_same_or_another_relationship()
    {
        using var first = await _server.RecordAsync("impose-designation", Designation(), idempotencyKey: Key("reused"));
        var recorded = (string?)(await first.ReadJsonAsync(HttpStatusCode.Created))["eventId"];

        using var otherList = await _server.RecordAsync("impose-designation", Designation(list: "Another list"), idempotencyKey: Key("reused"));
        var problem = await otherList.ReadJsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:relationsledger:problem:idempotency-key-reused", (string?)problem["type"]);
        Assert.Equal(recorded, (string?)problem["recordedEventId"]);

        using var otherRelationship = await _server.RecordAsync("impose-designation", Bodies.Designation(counterpart: _party + "-x"), idempotencyKey: Key("reused"));
        await otherRelationship.ReadJsonAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(1, await EventCountAsync());
        Assert.Equal(0, await EventCountAsync(_party + "-x"));
    }

    [Fact]
    public async Task Concurrent_retries_with_one_idempotency_key_record_one_event_and_all_get_its_201()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _server.RecordAsync("impose-designation", Designation(), idempotencyKey: Key("burst"))));

        var bodies = new List<JsonNode>();
        foreach (var r in responses) bodies.Add(await r.ReadJsonAsync(HttpStatusCode.Created));
        Assert.All(bodies, b => Assert.True(JsonNode.DeepEquals(bodies[0], b)));
        Assert.Equal(1, await EventCountAsync());
    }

    [Fact]
    public async Task A_malformed_idempotency_key_or_one_that_disagrees_with_the_commandId_is_400()
    {
        using var spaced = await _server.RecordAsync("impose-designation", Designation(), idempotencyKey: "has space");
        Assert.Equal(["Idempotency-Key"], (await spaced.ValidationErrorsAsync()).Select(e => e.Key));

        var body = JsonSerializerNode(Designation());
        body["commandId"] = Guid.NewGuid().ToString();
        using var both = await _server.RecordAsync("impose-designation", body, idempotencyKey: Key("k"));
        Assert.Equal(["commandId"], (await both.ValidationErrorsAsync()).Select(e => e.Key));
        Assert.Equal(0, await EventCountAsync());
    }

    [Fact]
    public async Task A_client_chosen_commandId_is_idempotent_too_and_its_reuse_for_another_command_is_422()
    {
        var body = JsonSerializerNode(Designation());
        var id = Guid.NewGuid();
        body["commandId"] = id.ToString();
        using var first = await _server.RecordAsync("impose-designation", body);
        Assert.Equal(id.ToString(), (string?)(await first.ReadJsonAsync(HttpStatusCode.Created))["eventId"]);
        using var retry = await _server.RecordAsync("impose-designation", body);
        await retry.ReadJsonAsync(HttpStatusCode.Created);

        body["authority"] = "Someone else";
        using var reuse = await _server.RecordAsync("impose-designation", body);
        await reuse.ReadJsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await EventCountAsync());
    }

    [Fact]
    public async Task Concurrent_writers_on_one_relationship_lose_nothing_and_revisions_stay_contiguous()
    {
        var posts = Enumerable.Range(0, 8).Select(i => _server.RecordAsync("make-statement", Bodies.Statement("RU", _party, $"statement {i}"))).ToList();
        var responses = await Task.WhenAll(posts);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var revisions = new List<int>();
        foreach (var r in responses) revisions.Add((int)(await r.Content.ReadFromJsonAsync<JsonObject>())!["revision"]!);
        Assert.Equal(Enumerable.Range(0, 8), revisions.Order());
        var history = (await _server.GetJsonAsync($"/relationships/{_party}/RU/history")).AsArray();
        Assert.Equal(Enumerable.Range(0, 8), history.Select(e => (int)e!["revision"]!));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"statement {i}").Order(), history.Select(e => (string)e!["data"]!["summary"]!).Order());
    }

    [Fact]
    public async Task Concurrent_writers_of_one_contradicting_fact_get_one_201_and_the_rest_409()
    {
        var posts = Enumerable.Range(0, 8).Select(i => _server.RecordAsync("impose-designation", Designation(on: $"200{i}"))).ToList();
        var responses = await Task.WhenAll(posts);

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(1, await EventCountAsync());
    }

    [Fact]
    public async Task Every_command_has_an_endpoint_that_validates_its_own_fields()
    {
        foreach (var type in RelationsLedger.Application.Commands.Recording.CommandCatalogue.All.Select(c => c.CommandType))
        {
            var path = RelationsLedger.Api.Commands.CommandEndpoints.PathOf(type);
            using var content = new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await _server.Recorder.PostAsync(path, content);
            var errors = await response.ValidationErrorsAsync();
            Assert.Contains("sources", errors.Select(e => e.Key));
        }
    }

    private static JsonObject JsonSerializerNode(object body) => System.Text.Json.JsonSerializer.SerializeToNode(body)!.AsObject();
}
