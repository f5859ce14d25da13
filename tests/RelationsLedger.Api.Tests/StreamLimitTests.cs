using System.Net;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// Found by a hostile test: event streams were not bounded. One reader key opening 200 streams that it never read from
/// took the server from 200 MB to 1.4 GB (each stream holds a store connection with its page cache, and 256 events),
/// and the memory stayed taken after the streams closed. At most <c>Api:MaxStreams</c> are open at once now; the next
/// is a 503 naming the setting, with <c>Retry-After</c>, and a stream that ends gives its place back.
/// </summary>
public sealed class StreamLimitTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync(new Dictionary<string, string?> { ["Api:MaxStreams"] = "2" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpResponseMessage> OpenAsync(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await _server.Reader.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    [Fact]
    public async Task A_stream_beyond_the_limit_is_503_naming_it_and_a_closed_stream_gives_its_place_back()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // only keeps a broken build from hanging the run
        using var first = await OpenAsync("/events/stream", cts.Token);
        using var second = await OpenAsync("/relationships/RU/taliban/events/stream", cts.Token);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        using (var third = await OpenAsync("/events/stream", cts.Token))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode); // before reading: a stream's body never ends
            var problem = await third.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("urn:relationsledger:problem:too-many-streams", (string?)problem["type"]);
            Assert.Contains("Api:MaxStreams", (string?)problem["detail"], StringComparison.Ordinal);
            Assert.Contains("2", (string?)problem["detail"], StringComparison.Ordinal);
            Assert.NotNull(third.Headers.RetryAfter);
        }

        // Pages and other questions are not streams: they are answered as before.
        using (var page = await _server.Reader.GetAsync("/events", cts.Token)) Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        first.Dispose(); // the client goes away: the server sees it and gives the place back
        while (true)
        {
            using var again = await OpenAsync("/events/stream", cts.Token);
            if (again.StatusCode == HttpStatusCode.OK) break;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, again.StatusCode);
            await Task.Delay(100, cts.Token);
        }
    }

    /// <summary>
    /// Before, one key could take every place (Api:MaxStreams) and lock every other key out of the feed. Now a key holds at
    /// most Api:MaxStreamsPerKey streams; its next is a 429 naming that bound, while other keys still get places.
    /// </summary>
    [Fact]
    public async Task One_key_cannot_take_every_place_its_streams_beyond_the_per_key_bound_are_429_and_other_keys_still_stream()
    {
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string?> { ["Api:MaxStreams"] = "4", ["Api:MaxStreamsPerKey"] = "2" });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        async Task<HttpResponseMessage> Open(HttpClient client) =>
            await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/events/stream"), HttpCompletionOption.ResponseHeadersRead, cts.Token);

        using var first = await Open(server.Reader);
        using var second = await Open(server.Reader);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using (var third = await Open(server.Reader))
        {
            Assert.Equal((HttpStatusCode)429, third.StatusCode); // before reading: a stream's body never ends
            var problem = await third.ReadJsonAsync((HttpStatusCode)429);
            Assert.Equal("urn:relationsledger:problem:too-many-streams-for-key", (string?)problem["type"]);
            Assert.Contains("Api:MaxStreamsPerKey", (string?)problem["detail"], StringComparison.Ordinal);
            Assert.Contains("'test-reader'", (string?)problem["detail"], StringComparison.Ordinal);
            Assert.NotNull(third.Headers.RetryAfter);
        }

        // Another key still gets the places left; the global bound still holds over both.
        using var recorders = await Open(server.Recorder);
        using var recorders2 = await Open(server.Recorder);
        Assert.Equal(HttpStatusCode.OK, recorders.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recorders2.StatusCode);
        using (var over = await Open(server.Recorder)) Assert.Equal((HttpStatusCode)429, over.StatusCode);

        first.Dispose(); // the reader's place comes back to the reader
        while (true)
        {
            using var again = await Open(server.Reader);
            if (again.StatusCode == HttpStatusCode.OK) break;
            Assert.Equal((HttpStatusCode)429, again.StatusCode);
            await Task.Delay(100, cts.Token);
        }
    }

    [Fact]
    public async Task A_per_key_bound_that_is_not_a_positive_whole_number_stops_the_server_from_starting()
    {
        var zero = await Assert.ThrowsAsync<RelationsLedger.Api.Hosting.ApiConfigurationException>(() =>
            ApiServer.StartAsync(new Dictionary<string, string?> { ["Api:MaxStreamsPerKey"] = "0" }));
        Assert.Contains("Api:MaxStreamsPerKey must be positive (it is 0).", zero.Message, StringComparison.Ordinal);
        var words = await Assert.ThrowsAsync<RelationsLedger.Api.Hosting.ApiConfigurationException>(() =>
            ApiServer.StartAsync(new Dictionary<string, string?> { ["Api:MaxStreamsPerKey"] = "ten" }));
        Assert.Contains("Api:MaxStreamsPerKey: 'ten' is not a whole number.", words.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/events/stream")]
    [InlineData("/relationships/{a}/{b}/events/stream")]
    public async Task The_OpenAPI_document_says_a_stream_may_be_503(string path)
    {
        var document = await _server.GetJsonAsync("/openapi/v1.json", _server.Anonymous);
        Assert.NotNull(document["paths"]![path]!["get"]!["responses"]!["503"]);
    }

    [Fact]
    public async Task A_limit_that_is_not_a_positive_whole_number_stops_the_server_from_starting()
    {
        var zero = await Assert.ThrowsAsync<RelationsLedger.Api.Hosting.ApiConfigurationException>(() =>
            ApiServer.StartAsync(new Dictionary<string, string?> { ["Api:MaxStreams"] = "0" }));
        Assert.Contains("Api:MaxStreams must be positive (it is 0).", zero.Message, StringComparison.Ordinal);
        var words = await Assert.ThrowsAsync<RelationsLedger.Api.Hosting.ApiConfigurationException>(() =>
            ApiServer.StartAsync(new Dictionary<string, string?> { ["Api:MaxStreams"] = "many" }));
        Assert.Contains("Api:MaxStreams: 'many' is not a whole number.", words.Message, StringComparison.Ordinal);
    }
}
