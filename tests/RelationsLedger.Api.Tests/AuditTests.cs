using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RelationsLedger.Cli;

namespace RelationsLedger.Api.Tests;

/// <summary>The auditors' endpoints: the same answers, in the same JSON, as <c>ledger audit/verify/digest --json</c>.</summary>
public sealed class AuditTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync();
        using (await _server.RecordAsync("impose-designation", Bodies.Designation())) { }
        using (await _server.RecordAsync("remove-designation", Bodies.RemoveDesignation())) { }
        using (await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "a statement"))) { }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonNode> CliJsonAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        await LedgerApp.RunPlainAsync(["--store", _server.StorePath, .. args, "--json"], output, error);
        return JsonNode.Parse(output.ToString())!;
    }

    [Fact]
    public async Task The_audit_trail_answers_as_the_CLI_does_also_as_known_at_a_moment()
    {
        var trail = await _server.GetJsonAsync("/relationships/taliban/RU/audit");
        Assert.True(JsonNode.DeepEquals(await CliJsonAsync("audit", "RU", "taliban"), trail), trail.ToJsonString());
        Assert.Equal(["DesignationImposed", "DesignationRemoved"], trail["entries"]!.AsArray().Select(e => (string)e!["type"]!));

        var firstRecorded = (string)trail["entries"]![0]!["recordedAt"]!;
        var knownAt = Uri.EscapeDataString(firstRecorded);
        var early = await _server.GetJsonAsync($"/relationships/RU/taliban/audit?knownAt={knownAt}");
        Assert.Single(early["entries"]!.AsArray());
        Assert.True(JsonNode.DeepEquals(await CliJsonAsync("audit", "RU", "taliban", "--known-at", firstRecorded), early));
    }

    [Fact]
    public async Task Verify_answers_as_the_CLI_does_and_names_tampering()
    {
        var report = await _server.GetJsonAsync("/verify");
        Assert.True((bool)report["ok"]!);
        Assert.Equal(3, (int)report["events"]!);
        Assert.True(JsonNode.DeepEquals(await CliJsonAsync("verify"), report));

        await using (var connection = await StoredJson.OpenAsync(_server.StorePath))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE events SET data = stored_like(data, replace(json_of(data), 'Federal', 'Regional')) WHERE type = 'DesignationImposed'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        var tampered = await _server.GetJsonAsync("/verify");
        Assert.False((bool)tampered["ok"]!);
        Assert.Contains("relationship-RU~taliban", tampered["findings"]!.ToJsonString(), StringComparison.Ordinal);

        var oneRelationship = await _server.GetJsonAsync("/relationships/AF/RU/verify");
        Assert.True((bool)oneRelationship["ok"]!);
        Assert.True(JsonNode.DeepEquals(await CliJsonAsync("verify", "AF", "RU"), oneRelationship));
    }

    [Fact]
    public async Task A_digest_verifies_until_something_it_covers_changes()
    {
        var digest = await _server.GetJsonAsync("/digest");
        var token = (string)digest["token"]!;
        Assert.Equal(3, (int)digest["eventCount"]!);

        using (await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "a later statement"))) { }
        var check = await _server.GetJsonAsync($"/verify?digest={Uri.EscapeDataString(token)}");
        Assert.True((bool)check["digest"]!["matches"]!);

        await using (var connection = new SqliteConnection($"Data Source={_server.StorePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM events WHERE position = 1";
            await command.ExecuteNonQueryAsync();
        }
        var broken = await _server.GetJsonAsync($"/verify?digest={Uri.EscapeDataString(token)}");
        Assert.False((bool)broken["digest"]!["matches"]!);
        Assert.False((bool)broken["ok"]!);
    }

    [Theory]
    [InlineData("/verify?digest=not-a-token", "digest")]
    [InlineData("/relationships/RU/RU/verify", "b")]
    [InlineData("/relationships/RU/taliban/audit?knownAt=soon", "knownAt")]
    [InlineData("/relationships/RU/Taliban!/audit", "b")]
    public async Task Bad_audit_parameters_are_400_naming_the_field(string path, string field)
    {
        using var response = await _server.Reader.GetAsync(path);
        Assert.Contains(field, (await response.ValidationErrorsAsync()).Select(e => e.Key));
    }

    [Fact]
    public async Task Audit_endpoints_need_a_key_and_a_reader_key_is_enough()
    {
        foreach (var path in new[] { "/verify", "/digest", "/relationships/RU/taliban/audit", "/relationships/RU/taliban/verify" })
        {
            using var anonymous = await _server.Anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            using var reader = await _server.Reader.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, reader.StatusCode);
        }
    }
}
