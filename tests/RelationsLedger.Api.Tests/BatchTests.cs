using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Commands.Batch;

namespace RelationsLedger.Api.Tests;

/// <summary><c>POST /commands/batch</c> on a real server: the Cuba pair decided as a whole, every error named by item, bounded bodies.</summary>
public sealed class BatchTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static object Sst(string command, string on, Guid? id = null) => new Dictionary<string, object?>
    {
        ["command"] = command, ["commandId"] = (id ?? Guid.NewGuid()).ToString(), ["actor"] = "US", ["counterpart"] = "CU",
        ["list"] = "State Sponsors of Terrorism", ["authority"] = "Secretary of State", ["effectiveDate"] = on,
    };

    private Task<HttpResponseMessage> PostAsync(object body, HttpClient? client = null) =>
        (client ?? _server.Recorder).PostAsync(BatchEndpointPath, JsonContent.Create(body));

    private const string BatchEndpointPath = "/commands/batch";

    private static object Envelope(params object[] commands) => new
    {
        sources = new[] { new { publisher = "US Department of State", title = "State Sponsors of Terrorism" } },
        recordedBy = "analyst", commands,
    };

    private async Task<string> StatusAsync(string day, string? knownAt = null)
    {
        var state = await _server.GetJsonAsync($"/relationships/US/CU/state?asOf={day}{(knownAt is null ? "" : $"&knownAt={Uri.EscapeDataString(knownAt)}")}");
        var designations = state["designations"]!.AsArray();
        return designations.Count == 0 ? "none" : (string)designations[0]!["status"]!;
    }

    private async Task<int> EventCountAsync() => (await _server.GetJsonAsync("/relationships/US/CU/history")).AsArray().Count;

    [Fact]
    public async Task The_Cuba_pair_is_refused_alone_and_recorded_as_one_batch()
    {
        foreach (var (command, day) in new[] { ("impose-designation", "1982-03-01"), ("remove-designation", "2015-05-29"), ("impose-designation", "2025-01-20") })
            (await PostAsync(Envelope(Sst(command, day)))).EnsureSuccessStatusCode();
        var alone = await (await PostAsync(Envelope(Sst("impose-designation", "2021-01-12")))).ReadJsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("urn:relationsledger:problem:batch-refused", (string?)alone["type"]);
        Assert.Equal("commands[0]", (string?)alone["refused"]![0]!["item"]);
        await Task.Delay(20);
        var beforeBatch = DateTimeOffset.UtcNow.ToString("O");
        await Task.Delay(20);

        var (on, off) = (Guid.NewGuid(), Guid.NewGuid());
        var body = Envelope(Sst("impose-designation", "2021-01-12", on), Sst("remove-designation", "2025-01-14", off));
        using var response = await PostAsync(body);
        var accepted = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, (int)accepted["newlyRecorded"]!);
        var items = accepted["items"]!.AsArray();
        Assert.Equal([on.ToString(), off.ToString()], items.Select(i => (string)i!["eventId"]!));
        var location = (string)items[0]!["location"]!;
        Assert.Equal("/relationships/CU/US/events/3", location);
        Assert.Equal(on.ToString(), (string?)(await _server.GetJsonAsync(location))["eventId"]);
        Assert.Equal(on, Guid.Parse((string)accepted["correlationId"]!));

        Assert.Equal("in-force", await StatusAsync("2021-01-12"));
        Assert.Equal("ended", await StatusAsync("2021-01-11"));
        Assert.Equal("ended", await StatusAsync("2025-01-14"));
        Assert.Equal("in-force", await StatusAsync("2025-01-13"));
        Assert.Equal("in-force", await StatusAsync("2025-01-20"));
        Assert.Equal("ended", await StatusAsync("2021-06-01", beforeBatch));

        // The same batch again: nothing recorded twice, the same events answered.
        var retry = await (await PostAsync(body)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (int)retry["newlyRecorded"]!);
        Assert.All(retry["items"]!.AsArray(), i => Assert.True((bool)i!["alreadyRecorded"]!));
        // Retried with its second command changed: the 422 names that command (before round 42, by its id alone).
        var changed = await (await PostAsync(Envelope(Sst("impose-designation", "2021-01-12", on), Sst("remove-designation", "2025-01-15", off)))).ReadJsonAsync((HttpStatusCode)422);
        Assert.Equal(("commands[1]", off.ToString()), ((string?)changed["item"], (string?)changed["recordedEventId"]));
        Assert.StartsWith($"commands[1]: Event {off} was recorded under it in relationship-CU~US with other content.", (string?)changed["detail"], StringComparison.Ordinal);
        Assert.Equal(5, await EventCountAsync());
        Assert.True((bool)(await _server.GetJsonAsync("/verify"))["ok"]!);
    }

    [Fact]
    public async Task Ndjson_is_taken_and_every_problem_is_400_keyed_by_line_and_field_with_nothing_recorded()
    {
        var before = await StoreFingerprint.OfAsync(_server.StorePath);
        var lines = string.Join("\n",
            """{"command": "impose-designation", "actor": "US", "counterpart": "CU", "list": "L", "authority": "A", "effectiveDate": "1982", "recordedBy": "me", "sources": [{"publisher": "P", "title": "T"}]}""",
            """{"command": "impose-designation", "actor": "US", "counterpart": "CU", "list": "L", "authority": "A", "effectiveDate": "2999", "recordedBy": "me", "sources": [{"publisher": "P", "title": "T"}]}""",
            """{"command": "nope"}""",
            """{"actor": "US"}""",
            """{"command": "impose-designation", "actor": "US", "actor": "CU"}""",
            "not json");
        using var response = await _server.Recorder.PostAsync(BatchEndpointPath, new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));
        var errors = await response.ValidationErrorsAsync();
        // A key given twice is named by its field (round 57; before, by the line alone).
        Assert.Equal(["line 2.effectiveDate", "line 3.command", "line 4.command", "line 5.actor", "line 6"], errors.Select(e => e.Key).Order());
        Assert.Equal(before, await StoreFingerprint.OfAsync(_server.StorePath));
    }

    [Fact]
    public async Task A_refused_item_in_a_batch_over_several_relationships_writes_nothing_anywhere()
    {
        var before = await StoreFingerprint.OfAsync(_server.StorePath);
        var establish = new { command = "establish-relations", partyA = "US", partyB = "VN", effectiveDate = "1995-07-12" };
        var problem = await (await PostAsync(Envelope(establish, Sst("remove-designation", "2015")))).ReadJsonAsync(HttpStatusCode.Conflict);
        var refused = Assert.Single(problem["refused"]!.AsArray())!;
        Assert.Equal(("commands[1]", "remove-designation", "DesignationRemoved"), ((string?)refused["item"], (string?)refused["command"], (string?)refused["eventType"]));
        Assert.Equal(before, await StoreFingerprint.OfAsync(_server.StorePath));
    }

    [Fact]
    public async Task A_refusal_for_correlation_ids_of_their_own_is_told_whole()
    {
        // Found in round 51 by sending this batch to `ledger serve`: the 400 read "…different correlat…fuse it (no project
        // ' (309 characters)CPEC' has been proposed by 2016)…", the ids and the reason cut out as if they were a long value
        // quoted between the apostrophe of "batch's" and the quote before 'CPEC'.
        var before = await StoreFingerprint.OfAsync(_server.StorePath);
        var (own1, own2) = (Guid.NewGuid(), Guid.NewGuid());
        var launch = new { command = "launch-project", correlationId = own1, actor = "CN", counterpart = "PK", title = "CPEC", effectiveDate = "2016" };
        var propose = new { command = "propose-project", correlationId = own2, actor = "CN", counterpart = "PK", title = "CPEC", sector = "transport", effectiveDate = "2015" };
        var errors = await (await PostAsync(Envelope(launch, propose))).ValidationErrorsAsync();
        var message = (string)Assert.Single(errors["commands[0].correlationId"]!.AsArray())!;
        Assert.Contains($"different correlation ids ({own1}, {own2})", message, StringComparison.Ordinal);
        Assert.Contains("would decide this one apart and refuse it (no project 'CPEC' has been proposed by 2016).", message, StringComparison.Ordinal);
        Assert.DoesNotContain("…", message, StringComparison.Ordinal);
        Assert.Equal(before, await StoreFingerprint.OfAsync(_server.StorePath));
    }

    [Fact]
    public async Task An_empty_batch_a_reader_key_an_idempotency_key_and_a_wrong_media_type_are_refused()
    {
        Assert.Contains("batch", (await (await PostAsync(Array.Empty<object>())).ValidationErrorsAsync()).Select(e => e.Key));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(Envelope(Sst("impose-designation", "1982")), _server.Reader)).StatusCode);
        using var keyed = new HttpRequestMessage(HttpMethod.Post, BatchEndpointPath) { Content = JsonContent.Create(Envelope(Sst("impose-designation", "1982"))) };
        keyed.Headers.Add("Idempotency-Key", "k-1");
        Assert.Contains("Idempotency-Key", (await (await _server.Recorder.SendAsync(keyed)).ValidationErrorsAsync()).Select(e => e.Key));
        using var text = await _server.Recorder.PostAsync(BatchEndpointPath, new StringContent("[]", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        // A batch in a charset other than UTF-8 (round 52): refused before it is read, as a command is.
        foreach (var mediaType in new[] { "application/json", "application/x-ndjson" })
        {
            using var latin = new ByteArrayContent(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(Envelope(Sst("impose-designation", "1982")))));
            latin.Headers.TryAddWithoutValidation("Content-Type", $"{mediaType}; charset=iso-8859-1");
            using var refused = await _server.Recorder.PostAsync(BatchEndpointPath, latin);
            Assert.Equal("The body must be UTF-8.", (string?)(await refused.ReadJsonAsync(HttpStatusCode.UnsupportedMediaType))["title"]);
        }
        Assert.Equal(0, await EventCountAsync());
    }

    [Fact]
    public async Task More_commands_than_the_limit_are_400_and_a_body_over_it_is_413_before_it_is_read()
    {
        var many = Enumerable.Range(0, BatchLimits.MaxItems + 1).Select(i => Sst("impose-designation", "1982")).ToArray();
        Assert.Contains($"at most {BatchLimits.MaxItems}", (string?)(await (await PostAsync(many)).ValidationErrorsAsync())["batch"]![0]);

        // Content-Length over the limit: answered at once, though not a byte of the body was sent.
        var announced = await RawAsync($"Content-Length: {BatchLimits.MaxBytes + 1}\r\n", []);
        Assert.StartsWith("HTTP/1.1 413", announced);
        Assert.Contains("\"limit\":1048576", announced);

        // Chunked, without a length: reading stops once it is over the limit.
        var chunk = Encoding.ASCII.GetBytes($"10000\r\n{new string(' ', 0x10000)}\r\n");
        var chunked = await RawAsync("Transfer-Encoding: chunked\r\n", Enumerable.Repeat(chunk, BatchLimits.MaxBytes / 0x10000 + 2).SelectMany(c => c).ToArray());
        Assert.StartsWith("HTTP/1.1 413", chunked);
        Assert.Equal(0, await EventCountAsync());
    }

    /// <summary>A POST written by hand, to control what is (not) sent; returns the response's head and body as text.</summary>
    private async Task<string> RawAsync(string framing, byte[] body)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port);
        var stream = client.GetStream();
        var head = $"POST {BatchEndpointPath} HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nAuthorization: Bearer {ApiServer.RecorderKey}\r\n" +
            $"Content-Type: application/json\r\n{framing}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        try
        {
            await stream.WriteAsync(body);
        }
        catch (IOException)
        {
            // The server answered and closed before the whole body was sent: the answer is what counts.
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var answer = new StringBuilder();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cts.Token)) > 0)
            {
                answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (answer.ToString().Contains('}', StringComparison.Ordinal)) break;
            }
        }
        catch (IOException)
        {
        }
        return answer.ToString();
    }
}
