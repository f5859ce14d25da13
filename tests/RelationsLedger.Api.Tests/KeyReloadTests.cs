using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Api.Security;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The API keys reloaded while the server runs (<see cref="ApiKeyReload"/>; <c>ledger serve</c> does it on SIGHUP), from
/// appsettings.json in the server's folder as an operator edits it. Before, the keys were read once at start: revoking a
/// leaked key meant a restart, which ended every consumer's stream and every request in flight. A revoked key is refused
/// from its next request and its open streams end saying why; a bad file changes nothing and is named in the log.
/// </summary>
public sealed class KeyReloadTests : IAsyncLifetime
{
    private const string NewKey = "rl_test-added-key";
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync(new Dictionary<string, string?>
    {
        [$"Logging:LogLevel:{typeof(ApiKeyReload).FullName}"] = "Information",
        ["Api:MaxStreamsPerKey"] = "2",
    }, keysInFile: true);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static ApiKeyEntry Recorder => ApiServer.TestKeys[0];

    private static ApiKeyEntry Reader => ApiServer.TestKeys[1];

    private static ApiKeyEntry Key(string name, string key, string role) => new() { Name = name, Hash = ApiKeyHash.HexOf(key), Role = role };

    private bool Reload() => _server.Services.GetRequiredService<ApiKeyReload>().Reload();

    private IEnumerable<string> Logged(string level) => _server.Log.Lines.Where(l => l.StartsWith(level + " ", StringComparison.Ordinal));

    private async Task<HttpStatusCode> GetAsync(string? key, string path = "/events")
    {
        using var client = _server.Client(key);
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_removed_key_is_refused_from_its_next_request_and_an_added_key_is_taken()
    {
        Assert.Equal(HttpStatusCode.OK, await GetAsync(ApiServer.ReaderKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(NewKey));

        _server.WriteKeys([Recorder, Key("auditor", NewKey, Roles.Reader)]);
        Assert.True(Reload(), _server.Log.ToString());

        using var refused = await _server.Client(ApiServer.ReaderKey).GetAsync("/events");
        var problem = await refused.ReadJsonAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("The API key given is not one of the configured keys.", (string?)problem["detail"]);
        Assert.Equal(HttpStatusCode.OK, await GetAsync(NewKey));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(ApiServer.RecorderKey));
        Assert.Contains(_server.Log.Lines, l => l == $"Information {typeof(ApiKeyReload).FullName}: The API keys were reloaded: 2 API keys in use; added 'auditor'; " +
            "removed 'test-reader' (refused from their next request; their open event streams end now).");
        Assert.DoesNotContain(_server.Log.Lines, l => l.Contains(Recorder.Hash, StringComparison.OrdinalIgnoreCase) || l.Contains(ApiKeyHash.HexOf(NewKey), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_whose_role_changed_has_its_new_role_from_its_next_request()
    {
        using (var before = await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "as a recorder"))) Assert.Equal(HttpStatusCode.Created, before.StatusCode);

        _server.WriteKeys([Key(Recorder.Name, ApiServer.RecorderKey, Roles.Reader), Key("test-reader", ApiServer.ReaderKey, Roles.Recorder)]);
        Assert.True(Reload(), _server.Log.ToString());

        using (var demoted = await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "as a reader now"))) Assert.Equal(HttpStatusCode.Forbidden, demoted.StatusCode);
        using (var promoted = await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "as a recorder now"), client: _server.Reader))
            Assert.Equal(HttpStatusCode.Created, promoted.StatusCode);
        Assert.Contains(_server.Log.Lines, l => l.EndsWith("role changed 'test-recorder' recorder → reader, 'test-reader' reader → recorder (from their next request).", StringComparison.Ordinal));
    }

    /// <summary>A stream of the revoked key ends with ": key revoked"; another key's stream goes on and gets the next event.</summary>
    [Fact]
    public async Task A_removed_keys_open_stream_ends_saying_key_revoked_and_another_keys_stream_goes_on()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // only keeps a broken build from hanging the run
        (await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "the first"))).Dispose();
        using var revokedClient = _server.Client(ApiServer.ReaderKey);
        using var revoked = await StreamAsync(revokedClient, cts.Token);
        using var keptClient = _server.Client(ApiServer.RecorderKey);
        using var kept = await StreamAsync(keptClient, cts.Token);

        _server.WriteKeys([Recorder]);
        Assert.True(Reload(), _server.Log.ToString());

        var rest = await revoked.ReadToEndAsync(cts.Token);
        Assert.EndsWith("\n: key revoked\n\n", rest, StringComparison.Ordinal);
        Assert.Equal("", rest.Replace("\n: heartbeat\n", "", StringComparison.Ordinal).Replace("\n: key revoked\n\n", "", StringComparison.Ordinal)); // heartbeats only before it

        (await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "the second"))).Dispose();
        string? line;
        while ((line = await kept.ReadLineAsync(cts.Token)) is not null && !line.StartsWith("data: ", StringComparison.Ordinal))
            Assert.NotEqual(": key revoked", line);
        Assert.Contains("the second", line, StringComparison.Ordinal);
    }

    /// <summary>
    /// Api:MaxStreamsPerKey is 2 here. A key's streams ended by its revocation give their places back: the key added again
    /// (the same key) opens 2 streams, and its third is a 429 as before — the count is by the key, not by its entry.
    /// </summary>
    [Fact]
    public async Task A_key_revoked_and_added_again_has_its_places_for_streams_back_and_no_more()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        (await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "the first"))).Dispose();
        using var client = _server.Client(ApiServer.ReaderKey);
        using (var first = await StreamAsync(client, cts.Token))
        using (var second = await StreamAsync(client, cts.Token))
        {
            _server.WriteKeys([Recorder]);
            Assert.True(Reload());
            Assert.EndsWith(": key revoked\n\n", await first.ReadToEndAsync(cts.Token), StringComparison.Ordinal);
            Assert.EndsWith(": key revoked\n\n", await second.ReadToEndAsync(cts.Token), StringComparison.Ordinal);
        }
        _server.WriteKeys(ApiServer.TestKeys);
        Assert.True(Reload());

        using var again1 = await StreamAsync(client, cts.Token);
        using var again2 = await StreamAsync(client, cts.Token);
        using var third = await client.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    /// <summary>A stream open with the reader key, read past its first event.</summary>
    private static async Task<StreamReader> StreamAsync(HttpClient client, CancellationToken ct)
    {
        var response = await client.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line && !line.StartsWith("data: ", StringComparison.Ordinal)) { }
        return reader;
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "not JSON", """{ "Api": { "Keys": [ """, "appsettings.json cannot be read: line 1, byte 22: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed." },
        { "a setting twice", $$"""{ "Api": { "Keys": [ {{Entry("added", NewKey, "reader")}} ], "MaxPageSize": 5, "MaxPageSize": 6 } }""", "A duplicate key 'Api:MaxPageSize' was found." },
        { "a bad role", $$"""{ "Api": { "Keys": [ {{Entry("test-recorder", ApiServer.RecorderKey, "recorder")}}, {{Entry("added", NewKey, "reader")}}, {{Entry("boss", "rl_x", "admin")}} ] } }""",
            "Api:Keys:2: Role must be recorder or reader; 'admin' is not." },
        { "the same key twice", $$"""{ "Api": { "Keys": [ {{Entry("added", NewKey, "reader")}}, {{Entry("again", NewKey, "recorder")}} ] } }""",
            "Api:Keys:1: Hash is the hash of Api:Keys:0 ('added') too: give each key one entry, with one role." },
        { "no keys", """{ "Api": { "Keys": [ ] } }""", "Api:Keys: the configuration now has no API keys, which would refuse every request; to revoke every key, stop the server." },
        { "an empty file", "", "appsettings.json cannot be read: line 1, byte 1: The input does not contain any JSON tokens." },
        { "a setting misspelt", $$"""{ "Api": { "MaxStreamPerKey": 2, "Keys": [ {{Entry("added", NewKey, "reader")}} ] } }""",
            "Api:MaxStreamPerKey (in " },
        { "a key entry's setting misspelt", $$"""{ "Api": { "Keys": [ {{Entry("added", NewKey, "reader")}}, { "Name": "x", "Hash": "{{ApiKeyHash.HexOf("rl_y")}}", "Rol": "reader" } ] } }""",
            "Api:Keys:1:Rol (in " },
        { "a limit that is not a number", $$"""{ "Api": { "MaxPageSize": "lots", "Keys": [ {{Entry("added", NewKey, "reader")}} ] } }""", "Api:MaxPageSize: 'lots' is not a whole number." },
    };

    private static string Entry(string name, string key, string role) => $$"""{ "Name": "{{name}}", "Hash": "{{ApiKeyHash.HexOf(key)}}", "Role": "{{role}}" }""";

    /// <summary>Never a half-applied set: a file with a good new key beside a mistake leaves that key refused, and the old keys working.</summary>
    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_changes_no_key_and_the_log_names_the_mistake(string what, string file, string mistake)
    {
        _server.WriteSettings(file);
        Assert.False(Reload(), what);

        Assert.True(Logged("Error").Any(l => l.Contains("The API keys were not reloaded: ", StringComparison.Ordinal) && l.Contains(mistake, StringComparison.Ordinal)),
            $"'{mistake}' is not in an error logged: {_server.Log}");
        Assert.Contains($"Warning {typeof(ApiKeyReload).FullName}: The 2 API keys in use stay, unchanged: mend the configuration and reload again.", _server.Log.Lines);
        Assert.Equal(HttpStatusCode.OK, await GetAsync(ApiServer.ReaderKey));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(ApiServer.RecorderKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(NewKey));
    }

    /// <summary>One key in use is said as one: before round 64 a refused reload on a server of one key logged "The 1 API keys in use stay".</summary>
    [Fact]
    public void A_bad_file_beside_one_key_in_use_says_one_key()
    {
        _server.WriteKeys([Recorder]);
        Assert.True(Reload(), _server.Log.ToString());
        _server.WriteSettings("""{ "Api": { "Keys": [ """);

        Assert.False(Reload());

        Assert.Contains($"Warning {typeof(ApiKeyReload).FullName}: The 1 API key in use stays, unchanged: mend the configuration and reload again.", _server.Log.Lines);
    }

    /// <summary>
    /// appsettings.json replaced by a folder of that name: .NET takes a folder for a missing optional file, so a reload found
    /// only the keys given elsewhere and removed the file's, saying nothing of the folder — where the start refuses it.
    /// </summary>
    [Fact]
    public async Task A_settings_file_that_became_a_folder_changes_no_key_and_the_log_names_it()
    {
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string?>
        {
            [$"Logging:LogLevel:{typeof(ApiKeyReload).FullName}"] = "Information",
            ["Api:Keys:2:Name"] = "standby", ["Api:Keys:2:Hash"] = ApiKeyHash.HexOf(NewKey), ["Api:Keys:2:Role"] = Roles.Reader,
        }, keysInFile: true);
        var file = Path.Combine(server.Folder, "appsettings.json");
        File.Delete(file);
        Directory.CreateDirectory(file);

        Assert.False(server.Services.GetRequiredService<ApiKeyReload>().Reload());

        Assert.Contains(server.Log.Lines, l => l.Contains($"The API keys were not reloaded: {file} is a folder, not a settings file", StringComparison.Ordinal));
        using var client = server.Client(ApiServer.ReaderKey);
        using var response = await client.GetAsync("/events");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_setting_besides_the_keys_changed_is_said_to_need_a_restart_and_the_keys_are_reloaded()
    {
        _server.WriteSettings($$"""{ "Api": { "MaxPageSize": 5, "Keys": [ {{Entry("test-recorder", ApiServer.RecorderKey, "recorder")}} ] } }""");
        Assert.True(Reload());

        Assert.Contains($"Warning {typeof(ApiKeyReload).FullName}: Api:MaxPageSize (1000 → 5) changed in the configuration: a reload applies only the keys, a restart applies it.", _server.Log.Lines);
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(ApiServer.ReaderKey));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(ApiServer.RecorderKey, "/events?limit=6")); // still 1000
    }

    /// <summary>Ten reloads at once, as a burst of SIGHUPs asks them: each applies the file whole, none fails, one set results.</summary>
    [Fact]
    public async Task Ten_reloads_at_once_leave_one_consistent_set_and_log_no_error()
    {
        _server.WriteKeys([Recorder, Key("auditor", NewKey, Roles.Reader)]);
        var reloads = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(Reload)));

        Assert.All(reloads, Assert.True);
        Assert.Empty(Logged("Error"));
        Assert.Single(_server.Log.Lines, l => l.Contains("added 'auditor'; removed 'test-reader'", StringComparison.Ordinal)); // the first; the rest change nothing
        Assert.Equal(9, _server.Log.Lines.Count(l => l.EndsWith("2 API keys in use; none added, removed or changed.", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(NewKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(ApiServer.ReaderKey));
    }
}
