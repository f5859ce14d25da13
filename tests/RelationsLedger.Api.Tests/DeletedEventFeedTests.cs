using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
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

    private async Task DeleteAsync(string positions)
    {
        await using var connection = new SqliteConnection($"Data Source={_server.StorePath};Pooling=False");
        await connection.OpenAsync();
        await using var delete = connection.CreateCommand();
        delete.CommandText = $"DELETE FROM events WHERE position IN ({positions})";
        await delete.ExecuteNonQueryAsync();
    }

    private static string[] Runs(JsonNode page) =>
        page["emptyPositions"]!.AsArray().Select(r => $"{(string)r!["first"]!}-{(string)r["last"]!}").ToArray();

    [Fact]
    public async Task A_consumer_reading_across_deleted_events_is_told_which_positions_it_passed_over()
    {
        for (var i = 0; i < 7; i++)
            (await _server.RecordAsync("make-statement", Bodies.Statement("RU", "taliban", $"statement {i}"))).Dispose();
        var whole = await _server.GetJsonAsync("/events");
        Assert.Empty(Runs(whole)); // nothing deleted: an empty list, not null (the embedded store counts its positions)
        Assert.Null(whole["hiddenStreams"]); // nor does it record hidings of streams (KurrentDB does: ScavengedFeedReadTests)
        Assert.True(whole.AsObject().ContainsKey("hiddenStreams"));
        await DeleteAsync("2, 3, 5"); // a run of two, then one between two events; 7 stays the last

        var first = await _server.GetJsonAsync("/events?limit=2");
        Assert.Equal(["1", "4"], first["events"]!.AsArray().Select(e => (string)e!["position"]!));
        Assert.Equal(["2-3"], Runs(first));
        var second = await _server.GetJsonAsync((string)first["next"]!);
        Assert.Equal(["6", "7"], second["events"]!.AsArray().Select(e => (string)e!["position"]!));
        Assert.Equal(["5-5"], Runs(second));
        // A run between the checkpoint and the page's first event is crossed too; a page past every deleted one crossed none.
        Assert.Equal(["2-3"], Runs(await _server.GetJsonAsync("/events?after=1&limit=1")));
        Assert.Empty(Runs(await _server.GetJsonAsync("/events?after=6")));
        // Filtered by type, the page still read every position: the runs are said though no event of the type is sent.
        var filtered = await _server.GetJsonAsync("/events?type=DesignationImposed");
        Assert.Empty(filtered["events"]!.AsArray());
        Assert.Equal(["2-3", "5-5"], Runs(filtered));
        // One relationship's page: its revisions tell, its positions jump anyway; not counted.
        var one = await _server.GetJsonAsync("/relationships/RU/taliban/events");
        Assert.Null(one["emptyPositions"]);
        Assert.True(one.AsObject().ContainsKey("emptyPositions"));

        // The stream says each run, as a comment line, before the event after it.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _server.Reader.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var said = new List<string>();
        while (said.Count(l => l.StartsWith("id: ", StringComparison.Ordinal)) < 4 && await reader.ReadLineAsync(cts.Token) is { } line)
            if (line.StartsWith(": empty", StringComparison.Ordinal) || line.StartsWith("id: ", StringComparison.Ordinal)) said.Add(line.Split('@')[0]);
        Assert.Equal([
            "id: 1",
            ": empty positions 2–3: deleted from the store file ('ledger verify' names them)",
            "id: 4",
            ": empty position 5: deleted from the store file ('ledger verify' names them)",
            "id: 6",
            "id: 7",
        ], said);
    }
}
