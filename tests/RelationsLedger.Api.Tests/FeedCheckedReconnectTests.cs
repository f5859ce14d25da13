using System.Net;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Commands.Cooperation;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A browser's EventSource reconnects by sending the last <c>id:</c> back verbatim as <c>Last-Event-ID</c> and asking the
/// same URL again. Before, that id was the position alone and the reconnect was not checked: after the store was put back
/// from an older copy and recorded into since, the reconnect went on with the other history's events as if they followed.
/// Now the id is <c>position@eventId</c> and the server checks that event is still at that position, as <c>afterEventId</c>.
/// </summary>
public sealed class FeedCheckedReconnectTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(string Position, string EventId)> RecordAsync(string summary)
    {
        using var response = await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", summary));
        var accepted = await response.ReadJsonAsync(HttpStatusCode.Created);
        return ((string)accepted["globalPosition"]!, (string)accepted["eventId"]!);
    }

    /// <summary>The <c>id:</c> lines of the first <paramref name="count"/> events the stream sends, as an EventSource keeps them.</summary>
    private async Task<List<string>> IdsAsync(string? lastEventId, int count, CancellationToken ct)
    {
        using var response = await SendAsync(lastEventId, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var ids = new List<string>();
        while (ids.Count < count && await reader.ReadLineAsync(ct) is { } line)
            if (line.StartsWith("id: ", StringComparison.Ordinal)) ids.Add(line["id: ".Length..]);
        return ids;
    }

    private async Task<HttpResponseMessage> SendAsync(string? lastEventId, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/events/stream");
        if (lastEventId is not null) request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        return await _server.Reader.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    private async Task<JsonNode> RefusedAsync(string lastEventId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await SendAsync(lastEventId, cts.Token);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // before reading: a stream's body never ends
        return (await response.ReadJsonAsync(HttpStatusCode.BadRequest))["errors"]!["Last-Event-ID"]![0]!;
    }

    [Fact]
    public async Task An_id_names_its_event_and_a_reconnect_with_it_resumes_exactly_after_it()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var recorded = new List<(string Position, string EventId)>();
        for (var i = 0; i < 3; i++) recorded.Add(await RecordAsync($"event {i}"));

        var ids = await IdsAsync(null, 3, cts.Token);
        Assert.Equal(recorded.Select(r => $"{r.Position}@{r.EventId}"), ids);
        Assert.Equal([ids[2]], await IdsAsync(ids[1], 1, cts.Token));
        // A checkpoint of the plain position, as clients kept before, is still taken (unchecked, as before).
        Assert.Equal([ids[2]], await IdsAsync(recorded[1].Position, 1, cts.Token));
    }

    [Fact]
    public async Task A_reconnect_after_the_store_was_put_back_from_an_older_copy_and_recorded_into_is_refused_naming_Last_Event_ID()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 3; i++) await RecordAsync($"kept {i}");
        var backup = Path.Combine(_server.Folder, "backup.db");
        await LedgerFiles.CopyAsync(_server.StorePath, backup);
        for (var i = 0; i < 2; i++) await RecordAsync($"lost {i}");
        var ids = await IdsAsync(null, 4, cts.Token); // the client handled up to the first lost event

        LedgerFiles.PutInPlace(backup, _server.StorePath);
        await using (var other = await TestLedger.OpenAsync(_server.StorePath))
            for (var i = 0; i < 3; i++)
                await other.RecordAsync(TestLedger.Sourced(new HoldEngagement("RU", "AF", "talks", $"after the restore {i}"), "2025-05"));

        var refused = (string)(await RefusedAsync(ids[3]))!;
        Assert.Contains($"'Last-Event-ID' names event {ids[3].Split('@')[1]} at {ids[3].Split('@')[0]}, which is not there", refused, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5@", "names its event after '@' by an eventId")]
    [InlineData("5@not-a-uuid", "names its event after '@' by an eventId")]
    [InlineData("5@0c5b3a4e-1111-2222-3333-444455556666@x", "names its event after '@' by an eventId")]
    [InlineData("@0c5b3a4e-1111-2222-3333-444455556666", "must be a global position from the feed")]
    [InlineData("5 @0c5b3a4e-1111-2222-3333-444455556666", "must be a global position from the feed")]
    [InlineData("-5", "must be a global position from the feed")]
    public async Task A_malformed_Last_Event_ID_is_a_400_naming_it(string lastEventId, string says)
    {
        await RecordAsync("one");
        Assert.Contains(says, (string?)await RefusedAsync(lastEventId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_Last_Event_ID_is_refused_without_being_echoed_whole()
    {
        await RecordAsync("one");
        var huge = "1@" + new string('a', 20_000);
        var message = (string)(await RefusedAsync(huge))!;
        Assert.True(message.Length < 1000, $"the answer repeats the header: {message.Length} characters");
    }
}
