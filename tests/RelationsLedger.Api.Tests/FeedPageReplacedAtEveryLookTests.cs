using System.Net;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A feed page whose store file is replaced under every one of its reads (copies moved into place faster than a page is read):
/// the page is asked again of the file as it is, a few times (<see cref="FeedPageStartRaceTests"/>), and then answered as a store
/// not there to be read — a 503 to retry, sending nothing. Before, the last look's exception went unanswered by name: a 500.
/// </summary>
public sealed class FeedPageReplacedAtEveryLookTests : IAsyncLifetime
{
    private ApiServer _server = null!;
    private ReplacedAtEveryRead _store = null!;

    public async Task InitializeAsync() =>
        _server = await ApiServer.StartAsync(openStore: async path => _store = new ReplacedAtEveryRead(await SqliteEventStore.OpenAsync(path)));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>The real store, whose reads standing on an event find another one there each time, as a file moved into place would.</summary>
    private sealed class ReplacedAtEveryRead(IEventStore inner) : DelegatingStore(inner)
    {
        public int Replaced;

        public override IAsyncEnumerable<RecordedEvent> ReadAllAsync(GlobalPosition? after, Guid? eventThere, long maxCount, StreamFilter filter, CancellationToken ct = default)
        {
            if (after is not { } at || eventThere is not { } id) return base.ReadAllAsync(after, eventThere, maxCount, filter, ct);
            Interlocked.Increment(ref Replaced);
            throw new LogReplacedException("SQLite file under test", at, id, null);
        }
    }

    [Fact]
    public async Task A_page_whose_file_is_replaced_under_each_read_is_a_503_to_retry_sending_nothing()
    {
        var positions = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var recorded = await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", $"statement {i}"));
            positions.Add((string)(await recorded.ReadJsonAsync(HttpStatusCode.Created))["globalPosition"]!);
        }
        var first = (await _server.GetJsonAsync("/events?limit=1", _server.Reader))["events"]![0]!["eventId"]!.ToString();

        using var page = await _server.Reader.GetAsync($"/events?after={positions[0]}&afterEventId={first}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), page.Headers.RetryAfter?.Delta);
        var problem = await page.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("urn:relationsledger:problem:store-unavailable", (string?)problem["type"]);
        Assert.Equal("The store's file was replaced under each of this page's 3 reads (another copy moved into its place each time); nothing was sent. " +
            "Try again later.", (string)problem["detail"]!);
        Assert.Equal(3, _store.Replaced);
    }
}
