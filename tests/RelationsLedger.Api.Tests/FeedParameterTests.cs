namespace RelationsLedger.Api.Tests;

public sealed class FeedParameterTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ApiServer _server = shared.Server;

    [Theory]
    [InlineData("/events?after=abc", "after")]
    [InlineData("/events?limit=0", "limit")]
    [InlineData("/events?limit=100000", "limit")]
    [InlineData("/events?type=DesignationImposd", "type")]
    [InlineData("/events?stream=relationship-taliban~RU", "stream")]
    [InlineData("/relationships/RU/RU/events", "b")]
    [InlineData("/relationships/Russia!/AF/events", "a")]
    [InlineData("/events/stream?after=-1", "after")]
    [InlineData("/relationships/RU/AF/events/stream?type=Nope", "type")]
    [InlineData("/events?afterEventId=not-a-uuid", "afterEventId")]
    [InlineData("/events?afterEventId=5d0e8a8e-1111-4c1f-9d7e-4f6a2b0c9d11", "afterEventId")]
    [InlineData("/events/stream?afterEventId=5d0e8a8e-1111-4c1f-9d7e-4f6a2b0c9d11", "afterEventId")]
    // Given empty (a client's unset variable) is not left out: from the start, unchecked, every type, the default page.
    [InlineData("/events?after=", "after")]
    [InlineData("/events/stream?after=", "after")]
    [InlineData("/relationships/RU/AF/events?after=", "after")]
    [InlineData("/relationships/RU/AF/events/stream?after=", "after")]
    [InlineData("/events?afterEventId=", "afterEventId")]
    [InlineData("/events/stream?afterEventId=", "afterEventId")]
    [InlineData("/events?type=", "type")]
    [InlineData("/events?type=,", "type")]
    [InlineData("/events/stream?type=%20,%20", "type")]
    [InlineData("/relationships/RU/AF/events?type=", "type")]
    [InlineData("/events?limit=", "limit")]
    // An empty item beside named types (a script's variable that came out empty) is refused, not skipped (round 52).
    [InlineData("/events?type=DesignationImposed,,DesignationLifted", "type")]
    [InlineData("/events?type=DesignationImposed,", "type")]
    [InlineData("/events/stream?type=,DesignationImposed", "type")]
    [InlineData("/relationships/RU/AF/events?type=DesignationImposed,%20,DesignationLifted", "type")]
    public async Task Bad_feed_parameters_are_400_naming_the_parameter(string path, string field)
    {
        using var response = await _server.Reader.GetAsync(path);
        var errors = await response.ValidationErrorsAsync();
        Assert.Equal([field], errors.Select(e => e.Key));
    }

    [Fact]
    public async Task An_empty_item_in_type_is_refused_naming_its_place()
    {
        using var response = await _server.Reader.GetAsync("/events?type=DesignationImposed,,DesignationLifted");
        var errors = await response.ValidationErrorsAsync();
        Assert.Equal(
            "'type' 'DesignationImposed,,DesignationLifted' has an empty item (item 2 of 3): separate names by single commas, with none at either end.",
            (string?)Assert.Single(errors["type"]!.AsArray()));
    }

    [Fact]
    public async Task A_bad_Last_Event_ID_is_400_naming_the_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events/stream");
        request.Headers.Add("Last-Event-ID", "yesterday");
        using var response = await _server.Reader.SendAsync(request);
        Assert.Equal(["Last-Event-ID"], (await response.ValidationErrorsAsync()).Select(e => e.Key));
    }

    /// <summary>
    /// A <c>Last-Event-ID</c> given more than once — two header lines (sent as they are, on a socket), or one line holding a
    /// comma list, HTTP's way of joining them — is refused saying so, as a query parameter given twice is. Before, the values
    /// were joined with a comma and refused as no position: "'Last-Event-ID' must be a global position from the feed (a number,
    /// or commit/prepare) … '0,0' is not."
    /// </summary>
    [Theory]
    [InlineData("/events/stream", "Last-Event-ID: 0\r\nLast-Event-ID: 0", 2, "('0', '0')")]
    [InlineData("/relationships/RU/AF/events/stream", "Last-Event-ID: 0\r\nlast-event-id: 5", 2, "('0', '5')")]
    [InlineData("/events/stream?after=0", "Last-Event-ID: 0, 0", 2, "('0', '0')")]
    [InlineData("/relationships/RU/AF/events/stream", "Last-Event-ID: 0,0,0,0", 4, "('0', '0', '0', …)")]
    public async Task A_Last_Event_ID_given_more_than_once_is_refused_saying_so(string path, string headers, int times, string quoted)
    {
        var answer = await _server.RawGetAsync(path, $"Authorization: Bearer {ApiServer.ReaderKey}\r\n{headers}");

        Assert.StartsWith("HTTP/1.1 400 ", answer, StringComparison.Ordinal);
        var body = System.Text.Json.Nodes.JsonNode.Parse(answer[answer.IndexOf('{', StringComparison.Ordinal)..(answer.LastIndexOf('}') + 1)])!;
        Assert.Equal($"'Last-Event-ID' is given {times} times {quoted}; it takes one value: give it once. Nothing was sent.",
            (string?)body["errors"]!["Last-Event-ID"]![0]);
    }

    /// <summary>
    /// Found by round 36's hostile tester: a position of digits above 2^64-1 was refused as "must be a global position
    /// from the feed (a number, …)", which it is; it is now refused naming the largest position, through each door that
    /// takes one. 2^64-1 itself is a position, beyond this log's end.
    /// </summary>
    [Theory]
    [InlineData("/events?after=18446744073709551616", null, "after", "'after' '18446744073709551616' is beyond the largest position there is, 18446744073709551615 (2^64-1)")]
    [InlineData("/events/stream?after=99999999999999999999999", null, "after", "'after' '99999999999999999999999' is beyond the largest position there is, 18446744073709551615")]
    [InlineData("/relationships/RU/AF/events?after=3/18446744073709551616", null, "after", "'after' '3/18446744073709551616' is beyond the largest position there is")]
    [InlineData("/events?after=18446744073709551616@5d0e8a8e-1111-4c1f-9d7e-4f6a2b0c9d11", null, "after", "'after' '18446744073709551616' is beyond the largest position there is")]
    [InlineData("/events/stream", "18446744073709551616", "Last-Event-ID", "'Last-Event-ID' '18446744073709551616' is beyond the largest position there is")]
    [InlineData("/events?after=18446744073709551615", null, "after", "'after' 18446744073709551615 is beyond the end of the log (it is empty)")]
    public async Task A_position_beyond_the_largest_is_refused_naming_the_bound(string path, string? lastEventId, string field, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var response = await _server.Reader.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var errors = await response.ValidationErrorsAsync();
        Assert.Equal([field], errors.Select(e => e.Key));
        Assert.Contains(expected, (string?)errors[field]![0], StringComparison.Ordinal);
    }

    /// <summary>
    /// A reconnect's Last-Event-ID wins over the query's start, but a bad 'after' or 'afterEventId' beside it is still a 400
    /// naming it, as without the header. Before, each was left unread and the stream was answered: '?after=garbage',
    /// '?afterEventId=…' without 'after' (alone, "give 'after' too"), '?after=' and an 'afterEventId' that is no UUID.
    /// </summary>
    [Theory]
    [InlineData("/events/stream?after=garbage", "after")]
    [InlineData("/events/stream?after=", "after")]
    [InlineData("/events/stream?after=0@nope", "after")]
    [InlineData("/events/stream?afterEventId=5d0e8a8e-1111-4c1f-9d7e-4f6a2b0c9d11", "afterEventId")]
    [InlineData("/events/stream?after=0&afterEventId=not-a-uuid", "afterEventId")]
    [InlineData("/relationships/RU/AF/events/stream?after=-1", "after")]
    public async Task A_bad_start_in_the_query_is_400_naming_it_also_beside_a_Last_Event_ID(string path, string field)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Last-Event-ID", "0");
        using var response = await _server.Reader.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal([field], (await response.ValidationErrorsAsync()).Select(e => e.Key));
    }

    /// <summary>
    /// Position 0 is the start of the log, where a feed without a position starts: a consumer whose first checkpoint is 0
    /// starts on a ledger with no event yet, as it does on one with events (it was refused as beyond the end of the log).
    /// This class's server records nothing.
    /// </summary>
    [Fact]
    public async Task Position_0_on_an_empty_log_is_its_start()
    {
        var page = await _server.GetJsonAsync("/events?after=0");
        Assert.Empty(page["events"]!.AsArray());
        Assert.True((bool)page["endOfLog"]!);
        foreach (var (path, header) in new[] { ("/events/stream?after=0", (string?)null), ("/events/stream", "0") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (header is not null) request.Headers.Add("Last-Event-ID", header);
            using var response = await _server.Reader.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
