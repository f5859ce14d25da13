using System.Net;
using RelationsLedger.Api.Security;

namespace RelationsLedger.Api.Tests;

public sealed class SecurityTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ApiServer _server = shared.Server;

    public static TheoryData<string> ReadPaths => new()
    {
        "/relationships/RU/taliban/state", "/relationships/RU/taliban/history", "/relationships/RU/taliban/events",
        "/relationships/changed?from=2024-01-01&to=2024-12-31", "/parties/RU/designations-by", "/parties/RU/designations-of",
        "/parties/US/missions-of", "/events",
    };

    [Theory]
    [MemberData(nameof(ReadPaths))]
    public async Task Without_a_key_a_read_is_401_with_a_challenge(string path)
    {
        using var response = await _server.Anonymous.GetAsync(path);
        var problem = await response.ReadJsonAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("urn:relationsledger:problem:unauthenticated", (string?)problem["type"]);
        Assert.StartsWith("Bearer realm=\"RelationsLedger\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ReadPaths))]
    public async Task A_reader_key_reads_in_either_header(string path)
    {
        using var bearer = await _server.Reader.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        using var header = _server.Client(ApiServer.ReaderKey, asXApiKey: true);
        using var viaHeader = await header.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, viaHeader.StatusCode);
    }

    [Fact]
    public async Task An_unknown_key_is_401_saying_the_key_is_invalid_without_echoing_it()
    {
        using var client = _server.Client("rl_not-a-configured-key");
        using var response = await client.GetAsync("/events");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("rl_not-a-configured-key", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by round 38's hostile tester: a reader key in <c>Authorization</c> and a recorder key in <c>X-Api-Key</c> was
    /// taken as the reader (a command was a 403 "has the role 'reader'"), and the other way round as whichever came in
    /// <c>Authorization</c> — one key read, the other dropped without a word. Two different keys are now refused as two
    /// keys in one header are, saying so; the same key in both is one key.
    /// </summary>
    [Fact]
    public async Task Two_different_keys_in_the_two_headers_are_refused_and_nothing_is_recorded()
    {
        using var both = _server.Client(ApiServer.ReaderKey);
        both.DefaultRequestHeaders.Add(ApiKeyAuthentication.HeaderName, ApiServer.RecorderKey);
        using var response = await _server.RecordAsync("impose-designation", Bodies.Designation("DE", "NA"), client: both);
        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.ReadJsonAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("Two different keys are given, one in 'Authorization: Bearer' and another in 'X-Api-Key': give one key, in one of them. " +
            "Give an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.", (string?)problem["detail"]);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiServer.RecorderKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiServer.ReaderKey, text, StringComparison.Ordinal);
        Assert.Empty((await _server.GetJsonAsync("/relationships/DE/NA/history")).AsArray());

        using var same = _server.Client(ApiServer.ReaderKey);
        same.DefaultRequestHeaders.Add(ApiKeyAuthentication.HeaderName, ApiServer.ReaderKey);
        using var answer = await same.GetAsync("/events");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    /// <summary>
    /// An <c>Authorization</c> the server does not read as a key (another scheme, or <c>Bearer</c> with no space before the
    /// key) was answered "Give an API key as …", as if none were sent; and a key header given on two lines was "not one of
    /// the configured keys". Each now says what it is, quoting no value. Sent on a socket: HttpClient joins two lines in one.
    /// </summary>
    [Theory]
    [InlineData("Authorization: Bearer{0}", "'Authorization' is read only as 'Bearer <key>' (the word Bearer, a space, then the key), which the one given is not.", false)]
    [InlineData("Authorization: Basic {0}", "'Authorization' is read only as 'Bearer <key>' (the word Bearer, a space, then the key), which the one given is not.", false)]
    [InlineData("Authorization: Bearer {0}\r\nAuthorization: Bearer {0}", "'Authorization' is given 2 times; a request gives one key, once.", true)]
    [InlineData("X-Api-Key: {0}\r\nx-api-key: {0}\r\nX-Api-Key: {0}", "'X-Api-Key' is given 3 times; a request gives one key, once.", true)]
    public async Task A_key_header_that_cannot_be_read_is_401_saying_why(string headers, string why, bool refused)
    {
        var answer = await _server.RawGetAsync("/events", string.Format(System.Globalization.CultureInfo.InvariantCulture, headers, ApiServer.ReaderKey));

        Assert.StartsWith("HTTP/1.1 401 ", answer, StringComparison.Ordinal);
        Assert.Equal(refused, answer.Contains("error=\"invalid_token\"", StringComparison.Ordinal));
        Assert.DoesNotContain(ApiServer.ReaderKey, answer, StringComparison.Ordinal);
        var body = System.Text.Json.Nodes.JsonNode.Parse(answer[answer.IndexOf('{', StringComparison.Ordinal)..(answer.LastIndexOf('}') + 1)])!;
        Assert.Equal($"{why} Give an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.", (string?)body["detail"]);
    }

    [Fact]
    public async Task Without_a_key_a_command_is_401_and_nothing_is_recorded()
    {
        using var response = await _server.RecordAsync("impose-designation", Bodies.Designation(), client: _server.Anonymous);
        await response.ReadJsonAsync(HttpStatusCode.Unauthorized);
        Assert.Empty((await _server.GetJsonAsync("/relationships/RU/taliban/history")).AsArray());
    }

    [Fact]
    public async Task A_reader_key_may_not_record_403_and_nothing_is_recorded()
    {
        using var response = await _server.RecordAsync("impose-designation", Bodies.Designation(), client: _server.Reader);
        var problem = await response.ReadJsonAsync(HttpStatusCode.Forbidden);

        Assert.Equal("urn:relationsledger:problem:forbidden", (string?)problem["type"]);
        Assert.Contains("recorder", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Empty((await _server.GetJsonAsync("/relationships/RU/taliban/history")).AsArray());
    }

    /// <summary>
    /// Found by a hostile test: answers that need a key carried no Cache-Control, so a browser kept them in its HTTP
    /// cache — after the workbench's "Forget key", the page (or anyone at that browser profile) still read the ledger's
    /// answers from the cache without a key, and a shared cache in between was free to keep them too. Every answer
    /// that needs a key, and every refusal, is "no-store" now.
    /// </summary>
    [Theory]
    [MemberData(nameof(ReadPaths))]
    [InlineData("/relationships/RU/taliban/timeline")]
    [InlineData("/relationships/RU/taliban/audit")]
    [InlineData("/digest")]
    [InlineData("/verify")]
    [InlineData("/panel?from=2024&to=2024")]
    [InlineData("/relationships/RU/taliban/state?asOf=someday")]
    public async Task An_answer_that_needs_a_key_is_never_stored_by_a_cache(string path)
    {
        using var read = await _server.Reader.GetAsync(path);
        Assert.True(read.Headers.CacheControl?.NoStore == true, $"{path}: {(int)read.StatusCode}, Cache-Control: {read.Headers.CacheControl}");
        using var refused = await _server.Anonymous.GetAsync(path);
        Assert.True(refused.Headers.CacheControl?.NoStore == true, $"{path} without a key: Cache-Control: {refused.Headers.CacheControl}");
    }

    /// <summary>
    /// The event streams need a key too, and said "no-cache" (which lets a cache keep what it revalidates): docs/api.md says every
    /// answer that needs a key is "no-store", and a stream is the ledger's events as its answers are (round 70, the docs followed
    /// to the letter). The stream's headers, read as they come.
    /// </summary>
    [Theory]
    [InlineData("/events/stream")]
    [InlineData("/relationships/RU/taliban/events/stream")]
    public async Task An_event_stream_is_never_stored_by_a_cache(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var stream = await _server.Reader.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.True(stream.Headers.CacheControl?.NoStore == true, $"{path}: Cache-Control: {stream.Headers.CacheControl}");
    }

    /// <summary>
    /// Found by a hostile test: only the workbench's page and assets said nosniff and carried a policy; the API's answers —
    /// which hold text anyone with a recorder key wrote (titles, notes, names), and the problems that quote a request —
    /// carried neither, nor anything against being framed by another site. Every answer does now; the workbench's own keep
    /// theirs, which let its scripts run (WorkbenchTests run under it).
    /// </summary>
    [Theory]
    [MemberData(nameof(ReadPaths))]
    [InlineData("/panel?from=2024&to=2024")]
    [InlineData("/health/live")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/workbench/model.json")]
    [InlineData("/workbench/no-such-asset.js")]
    [InlineData("/no-such-path")]
    [InlineData("/events?limit=<script>")]
    [InlineData("/events/stream")]
    public async Task Every_answer_says_it_is_not_to_be_sniffed_run_or_framed(string path)
    {
        foreach (var client in new[] { _server.Reader, _server.Anonymous })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var said = $"{path} ({(int)response.StatusCode}): {response.Headers}";
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", said);
            Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp) && csp.Single() == "default-src 'none'; frame-ancestors 'none'", said);
            Assert.True(response.Headers.TryGetValues("X-Frame-Options", out var frame) && frame.Single() == "DENY", said);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/workbench/app.js")]
    public async Task The_workbench_keeps_its_own_policy(string path)
    {
        using var response = await _server.Anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RelationsLedger.Api.Workbench.WorkbenchEndpoints.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Health_and_the_OpenAPI_document_are_anonymous()
    {
        foreach (var path in new[] { "/health/live", "/health/ready", "/openapi/v1.json" })
        {
            using var response = await _server.Anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_key_configured_wrongly_stops_the_server_from_starting_naming_the_mistake()
    {
        var error = await Assert.ThrowsAsync<RelationsLedger.Api.Hosting.ApiConfigurationException>(() => ApiServer.StartAsync(new Dictionary<string, string?>
        {
            ["Api:Keys:2:Name"] = "bad", ["Api:Keys:2:Hash"] = "the-key-itself", ["Api:Keys:2:Role"] = "admin",
        }));
        Assert.Contains("Api:Keys:2: Hash must be the SHA-256", error.Message, StringComparison.Ordinal);
        Assert.Contains("Api:Keys:2: Role must be recorder or reader; 'admin' is not.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by a hostile test: a key configured twice — say kept as a recorder under its old entry and added again as a
    /// reader — started the server, and the key was whatever its first entry said, without a word.
    /// </summary>
    [Fact]
    public async Task A_key_configured_twice_stops_the_server_from_starting_naming_both_entries()
    {
        var error = await Assert.ThrowsAsync<RelationsLedger.Api.Hosting.ApiConfigurationException>(() => ApiServer.StartAsync(new Dictionary<string, string?>
        {
            ["Api:Keys:2:Name"] = "demoted", ["Api:Keys:2:Hash"] = ApiKeyHash.HexOf(ApiServer.RecorderKey).ToUpperInvariant(), ["Api:Keys:2:Role"] = "reader",
        }));
        Assert.Contains("Api:Keys:2: Hash is the hash of Api:Keys:0 ('test-recorder') too: give each key one entry, with one role.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by a hostile test: every refused request wrote one or two lines to 'ledger serve''s log ('ApiKey was not
    /// authenticated. Failure message: …', 'AuthenticationScheme: ApiKey was challenged.'), at Information, the level the
    /// server logs at — so anyone who could reach the port wrote to the log as fast as they could send, though the server
    /// keeps a line per request out of it (docs/api.md). The key handler's lines are Warning-only now, as ASP.NET Core's own.
    /// </summary>
    [Fact]
    public async Task Refused_requests_write_nothing_to_the_log_at_the_servers_level()
    {
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" });
        using (var unknown = server.Client("rl_not-a-configured-key")) (await unknown.GetAsync("/events")).Dispose();
        (await server.Anonymous.GetAsync("/events")).Dispose();
        (await server.RecordAsync("impose-designation", Bodies.Designation(), client: server.Reader)).Dispose();
        (await server.Reader.GetAsync("/events")).Dispose();

        Assert.DoesNotContain(server.Log.Lines, l => l.Contains("ApiKey", StringComparison.Ordinal));
    }

    [Fact]
    public void New_keys_are_random_and_stored_as_their_SHA256()
    {
        var (a, b) = (ApiKeyHash.NewKey(), ApiKeyHash.NewKey());
        Assert.NotEqual(a, b);
        Assert.StartsWith("rl_", a, StringComparison.Ordinal);
        Assert.True(ApiKeyHash.IsHash(ApiKeyHash.HexOf(a)));
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ApiKeyHash.HexOf("test")); // SHA-256("test")
    }
}
