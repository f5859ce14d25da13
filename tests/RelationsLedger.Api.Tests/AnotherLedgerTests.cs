using System.Net;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Sqlite;
using RelationsLedger.Testing;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The store replaced under a running server by another ledger (on KurrentDB: a node wiped and started empty at the same
/// address; here: another ledger's file moved over the store's). Before round 44 every answer was a 503 <c>store-unavailable</c>,
/// "Try again later": a command's client and a feed consumer retried for ever, and only the server's log said why. Now the
/// answer's own problem type says the store holds another ledger, that a retry fails the same way until the server is restarted,
/// and that the feed's checkpoints are of the other log.
/// </summary>
public sealed class AnotherLedgerTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_command_is_told_the_store_holds_another_ledger_and_not_to_retry_later_and_the_feed_refuses_the_old_checkpoint()
    {
        using (var first = await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "before the store was replaced")))
            await first.ReadJsonAsync(HttpStatusCode.Created);
        var page = await (await _server.Reader.GetAsync("/events")).ReadJsonAsync(HttpStatusCode.OK);
        var (position, eventId) = ((string?)page["lastPosition"], (string?)page["lastEventId"]);
        await using (var other = await SqliteEventStore.OpenAsync(_folder.File("other.db")))
            await other.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [new(Guid.NewGuid(), "StatementMade", "{}"u8.ToArray(), "{}"u8.ToArray())]);
        LedgerFiles.PutInPlace(_folder.File("other.db"), _server.StorePath);

        // A page of the feed, resumed or from the start, is refused as a command is: nothing of the other log is served as this
        // ledger's. Before round 54 the embedded store read the moved-in file as it was: a page from the start (or resumed by
        // position alone) was a 200 of the other ledger's events; only a checkpoint with its event id was refused (400).
        foreach (var query in new[] { $"/events?after={position}&afterEventId={eventId}", $"/events?after={position}", "/events" })
        {
            using var feed = await _server.Reader.GetAsync(query);
            var refusal = await feed.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("urn:relationsledger:problem:store-holds-another-ledger", (string?)refusal["type"]);
        }
        // The first append after the move finds the file moved (said as such); from then on it holds another ledger.
        var answers = new List<(HttpStatusCode Status, string? Type, string? Detail, TimeSpan? RetryAfter)>();
        for (var i = 0; i < 3; i++)
        {
            using var command = await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", $"after, {i}"));
            var refused = await command.ReadJsonAsync(command.StatusCode);
            answers.Add((command.StatusCode, (string?)refused["type"], (string?)refused["detail"], command.Headers.RetryAfter?.Delta));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status));
        Assert.All(answers[1..], a =>
        {
            Assert.Equal("urn:relationsledger:problem:store-holds-another-ledger", a.Type);
            // As for a clock behind the log: it holds until an operator acts, and a client library retries a 503 anyway — rarely, then.
            Assert.Equal(TimeSpan.FromSeconds(60), a.RetryAfter);
            Assert.Equal("The event store was reset or replaced since this server started: it holds another ledger, or none. Nothing was read or recorded there. " +
                "A retry fails the same way until the operator restarts the server (after putting the ledger back, if it was lost). " +
                "The positions this server gave out, and the feed's checkpoints, are of the other log: after the restart the feed refuses them.", a.Detail);
        });
        Assert.DoesNotContain(answers, a => a.Detail?.Contains(_server.StorePath, StringComparison.Ordinal) == true);
    }
}
