using System.Net;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A feed's page checks that its start's event is still at 'after' (<c>afterEventId</c>), then reads the events after it. Before
/// round 68 the read was a second statement after the position: a store file moved into place between the two — an older copy put
/// back and recorded into since by another process — handed the consumer that history's events as if they followed its
/// checkpoint, with a next link naming them (round 67 closed the same window for the event stream). The page's read now stands on
/// the event its check found, and the question is asked again of the file as it is (three times: then a 503). The window is a few
/// microseconds under a running server: the store here moves the copy into place right after the check's read of the start.
/// </summary>
public sealed class FeedPageStartRaceTests : IAsyncLifetime
{
    private ApiServer _server = null!;
    private ReplacedAfterTheCheck _store = null!;

    public async Task InitializeAsync() =>
        _server = await ApiServer.StartAsync(openStore: async path => _store = new ReplacedAfterTheCheck(await SqliteEventStore.OpenAsync(path)));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>
    /// The real store, which runs <see cref="Then"/> once, right after it read the event at <see cref="At"/> (the feed's check of a
    /// start); or, <see cref="AtEveryRead"/>, whose reads standing on an event find another one there each time, as a file moved
    /// into place under each would.
    /// </summary>
    private sealed class ReplacedAfterTheCheck(IEventStore inner) : DelegatingStore(inner)
    {
        public GlobalPosition? At;
        public Func<Task>? Then;
        public bool AtEveryRead;
        public int Replaced;

        public override async Task<RecordedEvent?> ReadAtAsync(GlobalPosition position, CancellationToken ct = default)
        {
            var at = await Inner.ReadAtAsync(position, ct);
            if (position == At && Interlocked.Exchange(ref Then, null) is { } then) await then();
            return at;
        }

        public override IAsyncEnumerable<RecordedEvent> ReadAllAsync(GlobalPosition? after, Guid? eventThere, long maxCount, StreamFilter filter, CancellationToken ct = default)
        {
            if (!AtEveryRead || after is not { } at || eventThere is not { } id) return base.ReadAllAsync(after, eventThere, maxCount, filter, ct);
            Interlocked.Increment(ref Replaced);
            throw new LogReplacedException("SQLite file under test", at, id, null);
        }
    }

    [Theory]
    [InlineData("/events")]
    [InlineData("/relationships/RU/AF/events")]
    [InlineData("/events?type=EngagementHeld")]
    public async Task A_page_whose_store_file_is_put_back_and_recorded_into_between_its_check_and_its_read_sends_none_of_that_history(string path)
    {
        var kept = new List<string>();
        for (var i = 0; i < 3; i++) kept.Add(await RecordAsync($"kept {i}"));
        var backup = Path.Combine(_server.Folder, "backup.db");
        await LedgerFiles.CopyAsync(_server.StorePath, backup);
        for (var i = 0; i < 2; i++) kept.Add(await RecordAsync($"lost {i}"));
        var fifth = (await _server.GetJsonAsync($"/events?after={kept[3]}&limit=1", _server.Reader))["events"]![0]!["eventId"]!.ToString();

        var elsewhere = new List<string>(); // positions 4–6 of the copy put back
        (_store.At, _store.Then) = (GlobalPosition.Of(ulong.Parse(kept[4], System.Globalization.CultureInfo.InvariantCulture)), async () =>
        {
            LedgerFiles.PutInPlace(backup, _server.StorePath);
            await using var other = await TestLedger.OpenAsync(_server.StorePath);
            for (var i = 0; i < 3; i++)
                elsewhere.Add((await other.RecordAsync(TestLedger.Sourced(new HoldEngagement("RU", "AF", "talks", $"after the restore {i}"), "2025-05"))).EventId.ToString("D"));
        });
        using var page = await _server.Reader.GetAsync($"{path}{(path.Contains('?') ? '&' : '?')}after={kept[4]}&afterEventId={fifth}");

        Assert.Null(_store.Then); // the copy was moved into place after the check
        var body = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain(elsewhere[2], body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var errors = await page.ValidationErrorsAsync();
        Assert.Equal($"'afterEventId' {fifth} is not the event at 'after' {kept[4]}: {elsewhere[1]} is. This log is not the one the checkpoint was taken from " +
            "(a store put back from an older copy and recorded into since, another ledger's store, or a KurrentDB node reset?): nothing after it is sent; " +
            "resume from a checkpoint of this log.", (string)errors["afterEventId"]![0]!);
    }

    /// <summary>
    /// Replaced under every one of its reads (copies moved into place faster than a page is read): the page is asked again a few
    /// times, and then answered as a store not there to be read — a 503 to retry, sending nothing. Before, a 500.
    /// </summary>
    [Fact]
    public async Task A_page_whose_file_is_replaced_under_each_read_is_a_503_to_retry_sending_nothing()
    {
        var kept = new List<string>();
        for (var i = 0; i < 3; i++) kept.Add(await RecordAsync($"kept {i}"));
        var second = (await _server.GetJsonAsync($"/events?after={kept[0]}&limit=1", _server.Reader))["events"]![0]!["eventId"]!.ToString();
        _store.AtEveryRead = true;

        using var page = await _server.Reader.GetAsync($"/events?after={kept[1]}&afterEventId={second}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), page.Headers.RetryAfter?.Delta);
        var problem = await page.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("urn:relationsledger:problem:store-unavailable", (string?)problem["type"]);
        Assert.Equal("The store's file was replaced under each of this page's 3 reads (another copy moved into its place each time); nothing was sent. " +
            "Try again later.", (string?)problem["detail"]);
        Assert.Equal(3, _store.Replaced);
    }

    private async Task<string> RecordAsync(string summary)
    {
        using var response = await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", summary));
        return (string)(await response.ReadJsonAsync(HttpStatusCode.Created))["globalPosition"]!;
    }
}
