using System.Net;
using System.Net.Http.Headers;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// Feed positions inside the log that no event is at — a commit/prepare pair the feed never gave out, or (KurrentDB) a
/// position between two records — are no position this ledger's feed gave out: 400 naming the field, on pages and the
/// stream (before: a 503 store-unavailable after the server's "ReadAllResult: Error", or a stream that stayed silent; or
/// accepted). A checkpoint of a log since replaced (a node reset) names <c>afterEventId</c>. Run on both stores.
/// </summary>
public abstract class FeedPositionTests : IAsyncLifetime
{
    private readonly string _a = $"fp-{Guid.NewGuid():N}"[..16];

    protected ApiServer Server { get; private set; } = null!;

    protected abstract Task<ApiServer> StartAsync();

    /// <summary>Positions inside the log, before <paramref name="second"/>, at which no event is; <paramref name="first"/> is an event's.</summary>
    protected abstract IEnumerable<string> NoEventAt(GlobalPosition first, GlobalPosition second);

    public async Task InitializeAsync() => Server = await StartAsync();

    public async Task DisposeAsync()
    {
        if (Server is { } server) await server.DisposeAsync();
    }

    private async Task<GlobalPosition> RecordAsync(string summary)
    {
        using var response = await Server.RecordAsync("make-statement", Bodies.Statement(_a, "taliban", summary));
        return GlobalPosition.Parse((string)(await response.ReadJsonAsync(HttpStatusCode.Created))["globalPosition"]!);
    }

    private async Task<HttpResponseMessage> StreamAsync(string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // before: a 200 that never sent an event
        return await Server.Reader.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
    }

    /// <summary>Asserts the 400 names <paramref name="field"/> and <paramref name="position"/> and says <paramref name="says"/>; its words.</summary>
    private static async Task<string> NamesAsync(HttpResponseMessage response, string field, string position, string says)
    {
        using (response)
        {
            var errors = await response.ValidationErrorsAsync();
            Assert.Equal([field], errors.Select(e => e.Key));
            var message = (string)errors[field]![0]!;
            Assert.StartsWith($"'{field}' ", message, StringComparison.Ordinal);
            Assert.Contains($" {position}", message, StringComparison.Ordinal);
            Assert.Contains(says, message, StringComparison.Ordinal);
            return message;
        }
    }

    [SkippableFact]
    public async Task A_position_no_event_is_at_is_a_400_naming_the_field_on_pages_and_the_stream()
    {
        var first = await RecordAsync("one");
        var second = await RecordAsync("two");
        foreach (var position in NoEventAt(first, second))
        {
            var escaped = Uri.EscapeDataString(position);
            const string Says = "no event is at this position";
            await NamesAsync(await Server.Reader.GetAsync($"/events?after={escaped}"), "after", position, Says);
            await NamesAsync(await Server.Reader.GetAsync($"/relationships/{_a}/taliban/events?after={escaped}"), "after", position, Says);
            await NamesAsync(await StreamAsync($"/events/stream?after={escaped}"), "after", position, Says);
            await NamesAsync(await StreamAsync("/events/stream", lastEventId: position), "Last-Event-ID", position, Says);
        }
        Assert.Equal("healthy", (string?)(await Server.GetJsonAsync("/health/ready", Server.Anonymous))["status"]);
        // An event's own position is still a place to start from.
        Assert.Equal(second.ToString(), (string?)(await Server.GetJsonAsync($"/events?after={Uri.EscapeDataString(first.ToString())}&stream=relationship-{_a}~taliban"))["events"]![0]!["position"]);
    }

    [SkippableFact]
    public async Task A_position_past_the_last_event_of_a_log_that_has_events_is_named_beyond_its_end()
    {
        // Of an empty log every position is beyond its end (HostileInputTests); here the log's last position is compared.
        await RecordAsync("one");
        var last = await RecordAsync("two");
        var position = (ulong.MaxValue / 4).ToString(System.Globalization.CultureInfo.InvariantCulture);
        const string Says = "is beyond the end of the log (its last position is ";
        NamesLastAtOrAfter(last, await NamesAsync(await Server.Reader.GetAsync($"/events?after={position}"), "after", position, Says));
        NamesLastAtOrAfter(last, await NamesAsync(await StreamAsync("/events/stream", lastEventId: position), "Last-Event-ID", position, Says));
    }

    /// <summary>
    /// The last position the refusal names: this test's last event's, or a later one's — a KurrentDB node is shared by the test
    /// classes, whose events may come after this test's before the request (it failed so once, naming a later event's position).
    /// </summary>
    private static void NamesLastAtOrAfter(GlobalPosition last, string message)
    {
        var named = GlobalPosition.Parse(System.Text.RegularExpressions.Regex.Match(message, @"its last position is ([0-9/]+)\)").Groups[1].Value);
        Assert.True(named.CompareTo(last) >= 0, $"names {named}, before this test's last event at {last}: {message}");
    }

    [SkippableFact]
    public async Task A_checkpoint_whose_position_holds_no_event_now_is_a_400_naming_afterEventId()
    {
        // As after a node reset: the saved position is inside the new log but on no event of it.
        var first = await RecordAsync("one");
        var second = await RecordAsync("two");
        var position = NoEventAt(first, second).First();
        var checkpoint = $"after={Uri.EscapeDataString(position)}&afterEventId={Guid.NewGuid():D}";
        const string Says = "no event is there";
        await NamesAsync(await Server.Reader.GetAsync($"/events?{checkpoint}"), "afterEventId", position, Says);
        await NamesAsync(await StreamAsync($"/events/stream?{checkpoint}"), "afterEventId", position, Says);
    }
}

public sealed class FeedPositionOnSqliteTests : FeedPositionTests
{
    protected override Task<ApiServer> StartAsync() => ApiServer.StartAsync();

    /// <summary>The embedded store gives one number for commit and prepare: a pair of two is none of its positions.</summary>
    protected override IEnumerable<string> NoEventAt(GlobalPosition first, GlobalPosition second) => [$"{first.Commit}/{first.Commit - 1}", $"{second.Commit}/{first.Commit}"];
}

/// <summary>Not beside <see cref="ScavengedCheckpointFeedTests"/>: a stream it hides mid-test changes what a position no event is at is told, and its events move the head.</summary>
[Collection(ScavengedCheckpointFeedTests.Collection)]
public sealed class FeedPositionOnKurrentDbTests : FeedPositionTests
{
    protected override async Task<ApiServer> StartAsync()
    {
        var cs = ServerUnderTest.Require();
        return await ApiServer.StartAsync(openStore: async _ => await KurrentDbEventStore.ConnectAsync(cs));
    }

    /// <summary>Between two records of the log, inside the first one, and a prepare the feed never paired with that commit.</summary>
    protected override IEnumerable<string> NoEventAt(GlobalPosition first, GlobalPosition second) =>
        ["1", (first.Commit + 1).ToString(), (first.Commit - 1).ToString(), $"{first.Commit}/1"];
}
