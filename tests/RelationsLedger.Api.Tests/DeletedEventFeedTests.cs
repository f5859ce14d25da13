using System.Net;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A consumer whose checkpoint is an event since deleted from the embedded store's file (docs/audit.md, "Positions left
/// empty"): the feed refuses to resume from it, as from any position no event is at, and says that the event was deleted
/// and where to go on from. Before, it blamed "a store put back from an older copy … or a KurrentDB node reset", or, of the
/// log's last event, called the position one "this ledger's feed" never "gave out" — which it had.
/// </summary>
public sealed class DeletedEventFeedTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> ErrorOfAsync(HttpResponseMessage response, string field)
    {
        using (response)
        {
            var errors = await response.ValidationErrorsAsync();
            Assert.Equal([field], errors.Select(e => e.Key));
            return (string)errors[field]![0]!;
        }
    }

    [Fact]
    public async Task A_checkpoint_at_a_deleted_event_is_refused_naming_the_deletion_and_where_to_go_on()
    {
        for (var i = 0; i < 4; i++)
            (await _server.RecordAsync("make-statement", Bodies.Statement("RU", "taliban", $"statement {i}"))).Dispose();
        var events = (await _server.GetJsonAsync("/events"))["events"]!.AsArray();
        var ids = events.Select(e => (string)e!["eventId"]!).ToArray();
        await using (var connection = new SqliteConnection($"Data Source={_server.StorePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM events WHERE position IN (2, 4)"; // one in the middle, and the log's last
            Assert.Equal(2, await delete.ExecuteNonQueryAsync());
        }

        var middle = await ErrorOfAsync(await _server.Reader.GetAsync($"/events?after=2&afterEventId={ids[1]}"), "afterEventId");
        Assert.Equal($"'afterEventId' names event {ids[1]} at 2, which was deleted from the store file (the log shows position 2 empty; 'ledger verify' names them). " +
            "Nothing after it is sent: to go on with what is left, without the deleted events, resume from 'after' 1, the last position before them.", middle);
        Assert.DoesNotContain("older copy", middle, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/events/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("Last-Event-ID", $"4@{ids[3]}");
        var last = await ErrorOfAsync(await _server.Reader.SendAsync(request, HttpCompletionOption.ResponseHeadersRead), "Last-Event-ID");
        Assert.StartsWith($"'Last-Event-ID' names event {ids[3]} at 4, which was deleted from the store file (the log shows position 4 empty;", last, StringComparison.Ordinal);
        Assert.Contains("resume from 'after' 3, the last position before them", last, StringComparison.Ordinal);
        Assert.DoesNotContain("beyond the end", last, StringComparison.Ordinal);

        // The way on it names: the events after the deleted one, and nothing again.
        var after = (await _server.GetJsonAsync("/events?after=1"))["events"]!.AsArray();
        Assert.Equal(["3"], after.Select(e => (string)e!["position"]!));
        Assert.Equal(HttpStatusCode.OK, (await _server.Reader.GetAsync("/events?after=3")).StatusCode);
        var plain = await ErrorOfAsync(await _server.Reader.GetAsync("/events?after=2"), "after");
        Assert.StartsWith("'after' 2: its event was deleted from the store file", plain, StringComparison.Ordinal);
    }
}
