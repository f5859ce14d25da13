using System.Net;
using System.Runtime.CompilerServices;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Sqlite;
using RelationsLedger.Testing;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// Found by a hostile test (docs/performance.md, round 24): answers were not bounded. One reader key asking 200 times at
/// once for a page of 1,000 events of ~2.4 KB each (~3.1 MB of JSON) took the server from 445 MB to 1.1 GB, every page
/// built whole in memory before it was written. A key has at most <c>Api:MaxAnswersPerKey</c> answers in flight now (its
/// next is a 429 naming the key and the setting, with <c>Retry-After</c>), the server <c>Api:MaxAnswers</c> (503), as
/// event streams are bounded; an answer holds its place from the request until its last byte is written or its client gone.
/// </summary>
public sealed class AnswerLimitTests
{
    /// <summary>The page size the tests ask for: a read of the log for this many events is held until the test lets it go.</summary>
    private const int HeldLimit = 37;

    /// <summary>
    /// A real store whose reads of <see cref="HeldLimit"/> events (a page's, nobody else's) wait for <see cref="Release"/>:
    /// so an answer is in flight for as long as the test needs, without timing anything.
    /// </summary>
    private sealed class HeldPages(IEventStore inner) : DelegatingStore(inner)
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting;

        public int Waiting => Volatile.Read(ref _waiting);

        public void Release() => _released.TrySetResult();

        public override IAsyncEnumerable<RecordedEvent> ReadAllAsync(GlobalPosition? after, long maxCount, StreamFilter filter, CancellationToken ct = default) =>
            maxCount == HeldLimit ? HeldAsync(after, maxCount, filter, ct) : Inner.ReadAllAsync(after, maxCount, filter, ct);

        private async IAsyncEnumerable<RecordedEvent> HeldAsync(GlobalPosition? after, long maxCount, StreamFilter filter, [EnumeratorCancellation] CancellationToken ct)
        {
            Interlocked.Increment(ref _waiting);
            await _released.Task.WaitAsync(ct);
            await foreach (var e in Inner.ReadAllAsync(after, maxCount, filter, ct)) yield return e;
        }
    }

    private static async Task<(ApiServer Server, HeldPages Store)> StartAsync(Dictionary<string, string?> configuration)
    {
        HeldPages? held = null;
        var server = await ApiServer.StartAsync(configuration, openStore: async path => held = new HeldPages(await SqliteEventStore.OpenAsync(path)));
        return (server, held!);
    }

    private static async Task WaitForAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition()) await Task.Delay(20, ct);
    }

    [Fact]
    public async Task A_keys_answers_beyond_its_bound_are_429_naming_the_key_and_the_setting_while_other_keys_are_answered()
    {
        var (server, store) = await StartAsync(new() { ["Api:MaxAnswersPerKey"] = "2", ["Api:MaxAnswers"] = "10" });
        await using var _ = server;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // only keeps a broken build from hanging the run
        var page = $"/events?limit={HeldLimit}";

        var first = server.Reader.GetAsync(page, cts.Token);
        var second = server.Reader.GetAsync(page, cts.Token);
        await WaitForAsync(() => store.Waiting == 2, cts.Token);

        using (var third = await server.Reader.GetAsync(page, cts.Token))
        {
            var problem = await third.ReadJsonAsync((HttpStatusCode)429);
            Assert.Equal("urn:relationsledger:problem:too-many-answers-for-key", (string?)problem["type"]);
            Assert.Contains("Api:MaxAnswersPerKey", (string?)problem["detail"], StringComparison.Ordinal);
            Assert.Contains("'test-reader'", (string?)problem["detail"], StringComparison.Ordinal);
            Assert.Contains(" 2 ", (string?)problem["detail"], StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(5), third.Headers.RetryAfter?.Delta);
        }
        // Any question of the same key is refused while it holds its share, not only pages.
        using (var state = await server.Reader.GetAsync("/relationships/RU/taliban/state", cts.Token))
            Assert.Equal((HttpStatusCode)429, state.StatusCode);

        // Another key is answered meanwhile.
        using (var other = await server.Recorder.GetAsync("/events?limit=5", cts.Token)) Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        store.Release();
        using (var a = await first) Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        using (var b = await second) Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        // Both places came back when their answers were written.
        using (var again = await server.Reader.GetAsync(page, cts.Token)) Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Answers_beyond_the_servers_bound_are_503_naming_the_setting_whichever_key_asks()
    {
        var (server, store) = await StartAsync(new() { ["Api:MaxAnswersPerKey"] = "5", ["Api:MaxAnswers"] = "2" });
        await using var _ = server;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var page = $"/events?limit={HeldLimit}";

        var first = server.Reader.GetAsync(page, cts.Token);
        var second = server.Reader.GetAsync(page, cts.Token);
        await WaitForAsync(() => store.Waiting == 2, cts.Token);

        using (var refused = await server.Recorder.GetAsync("/events?limit=5", cts.Token))
        {
            var problem = await refused.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("urn:relationsledger:problem:too-many-answers", (string?)problem["type"]);
            Assert.Contains("Api:MaxAnswers)", (string?)problem["detail"], StringComparison.Ordinal);
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        // Health is anonymous and holds nothing: it is answered whatever is in flight.
        using (var health = await server.Anonymous.GetAsync("/health/live", cts.Token)) Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        store.Release();
        (await first).Dispose();
        (await second).Dispose();
        using (var again = await server.Recorder.GetAsync("/events?limit=5", cts.Token)) Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task A_client_that_goes_away_before_its_answer_gives_its_place_back()
    {
        var (server, store) = await StartAsync(new() { ["Api:MaxAnswersPerKey"] = "1" });
        await using var _ = server;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);

        var abandoned = server.Reader.GetAsync($"/events?limit={HeldLimit}", gone.Token);
        await WaitForAsync(() => store.Waiting == 1, cts.Token);
        using (var refused = await server.Reader.GetAsync("/events?limit=5", cts.Token)) Assert.Equal((HttpStatusCode)429, refused.StatusCode);

        await gone.CancelAsync(); // the client closes its connection; the server's read is cancelled with it
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        while (true)
        {
            using var again = await server.Reader.GetAsync("/events?limit=5", cts.Token);
            if (again.StatusCode == HttpStatusCode.OK) break;
            Assert.Equal((HttpStatusCode)429, again.StatusCode);
            await Task.Delay(50, cts.Token);
        }
    }

    [Fact]
    public async Task Event_streams_are_bounded_by_their_own_settings_and_take_no_answers_place()
    {
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string?> { ["Api:MaxAnswersPerKey"] = "1" });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await server.Reader.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/events/stream"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var page = await server.Reader.GetAsync("/events?limit=5", cts.Token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Theory]
    [InlineData("Api:MaxAnswersPerKey", "0", "Api:MaxAnswersPerKey must be positive (it is 0).")]
    [InlineData("Api:MaxAnswersPerKey", "eight", "Api:MaxAnswersPerKey: 'eight' is not a whole number.")]
    [InlineData("Api:MaxAnswers", "-1", "Api:MaxAnswers must be positive (it is -1).")]
    [InlineData("Api:MaxAnswers", "1.5", "Api:MaxAnswers: '1.5' is not a whole number.")]
    public async Task A_bound_on_answers_that_is_not_a_positive_whole_number_stops_the_server_from_starting(string key, string value, string message)
    {
        var refused = await Assert.ThrowsAsync<RelationsLedger.Api.Hosting.ApiConfigurationException>(() =>
            ApiServer.StartAsync(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/events", "429")]
    [InlineData("/relationships/{a}/{b}/history", "429")]
    [InlineData("/relationships/changed", "503")]
    public async Task The_OpenAPI_document_says_an_answer_may_be_refused(string path, string status)
    {
        await using var server = await ApiServer.StartAsync();
        var document = await server.GetJsonAsync("/openapi/v1.json", server.Anonymous);
        Assert.NotNull(document["paths"]![path]!["get"]!["responses"]![status]);
    }
}
