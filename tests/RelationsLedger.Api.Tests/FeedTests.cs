using System.Net;
using System.Text.Json.Nodes;
using FeedConsumer;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The feed, read with the sample consumer of docs/api.md (samples/FeedConsumer). Reads wait for the
/// events they expect; the cancellation tokens only keep a broken build from hanging the run.
/// </summary>
public sealed class FeedTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static CancellationTokenSource Guard() => new(TimeSpan.FromSeconds(30));

    private async Task<List<string>> RecordStatementsAsync(string actor, string counterpart, int count, string prefix)
    {
        var positions = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var response = await _server.RecordAsync("make-statement", Bodies.Statement(actor, counterpart, $"{prefix} {i}"));
            positions.Add((string)(await response.ReadJsonAsync(HttpStatusCode.Created))["globalPosition"]!);
        }
        return positions;
    }

    /// <summary>Reads events (skipping heartbeats) from one connection until <paramref name="count"/> have come, then disconnects.</summary>
    private static async Task<List<FeedMessage>> TakeAsync(LedgerFeed feed, string? lastEventId, int count, CancellationToken ct, string? lastEventGuid = null)
    {
        var taken = new List<FeedMessage>();
        await foreach (var message in feed.ReadAsync(lastEventId, lastEventGuid, ct))
        {
            if (message.IsHeartbeat) continue;
            taken.Add(message);
            if (taken.Count == count) break; // leaving the loop disposes the response: the client disconnects
        }
        return taken;
    }

    [Fact]
    public async Task An_imported_event_keeps_its_original_recorded_time_and_says_when_this_store_stored_it()
    {
        // A ledger whose events were recorded in September 2025, exported and imported into the server's store now.
        using var folder = new TempFolder();
        var (source, export) = (folder.File("source.db"), folder.File("export.ndjson"));
        var original = new DateTimeOffset(2025, 9, 4, 5, 6, 7, TimeSpan.Zero);
        await using (var ledger = await TestLedger.OpenAsync(new ManualClock(original), folder: folder))
            await ledger.RecordSecondRelationshipAsync();
        File.Move(folder.File("ledger.db"), source);
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", source, "export", "-o", export)).ExitCode);
        var importStarted = DateTimeOffset.UtcNow;
        var import = await LedgerCli.RunAsync("--store", _server.StorePath, "import", export);
        Assert.True(import.ExitCode == 0, import.Error);
        using (await _server.RecordAsync("make-statement", Bodies.Statement("US", "AF", "recorded here"))) { }

        var events = (await _server.GetJsonAsync("/events?limit=10"))["events"]!.AsArray();
        var history = (await _server.GetJsonAsync("/relationships/US/AF/history"))!;
        Assert.Equal(3, events.Count);
        foreach (var (e, i) in events.Select((e, i) => (e!, i)))
        {
            var recordedAt = DateTimeOffset.Parse((string)e["recordedAt"]!);
            var storedAt = DateTimeOffset.Parse((string)e["storedAt"]!);
            Assert.True(storedAt >= importStarted.AddSeconds(-1), $"stored at {storedAt:o}, before the import began");
            if (i < 2) Assert.True(recordedAt <= original.AddSeconds(1) && recordedAt >= original, $"imported event recorded at {recordedAt:o}, not when its ledger recorded it");
            else Assert.Equal(storedAt, recordedAt); // recorded by this store: one time
            // The same transaction time as the relationship's history gives.
            var inHistory = history.AsArray().Single(h => (string)h!["eventId"]! == (string)e["eventId"]!)!;
            Assert.Equal(recordedAt, DateTimeOffset.Parse((string)inHistory["recordedAt"]!));
        }
    }

    [Fact]
    public async Task Pages_follow_the_global_order_with_next_links_that_neither_skip_nor_repeat()
    {
        var positions = await RecordStatementsAsync("RU", "AF", 5, "s");

        var seen = new List<string>();
        var next = "/events?limit=2";
        for (var page = 0; page < 4; page++)
        {
            using var response = await _server.Reader.GetAsync(next);
            var body = await response.ReadJsonAsync(HttpStatusCode.OK);
            seen.AddRange(body["events"]!.AsArray().Select(e => (string)e!["position"]!));
            next = (string)body["next"]!;
            Assert.Equal($"<{next}>; rel=\"next\"", response.Headers.GetValues("Link").Single());
            if ((bool)body["endOfLog"]!) break;
        }
        Assert.Equal(positions, seen);

        var last = await _server.GetJsonAsync(next);
        Assert.Empty(last["events"]!.AsArray());
        Assert.True((bool)last["endOfLog"]!);
    }

    /// <summary>
    /// A relationship's pages, followed by their next links (the body's and the Link header's) and with a type filter too,
    /// give each of its events once, in order, to the end. Before, a relationship's next link named its stream as a
    /// 'stream' parameter, which its path does not take: the second page was a 400 naming 'stream', and a consumer
    /// following the links as docs/api.md says stopped there.
    /// </summary>
    [Theory]
    [InlineData("/relationships/AF/RU/events?limit=2")]
    [InlineData("/relationships/RU/AF/events?limit=1&type=StatementMade")]
    public async Task A_relationships_pages_followed_by_their_next_links_give_each_of_its_events_once_to_the_end(string first)
    {
        var positions = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            positions.AddRange(await RecordStatementsAsync("RU", "AF", 1, $"s{i}"));
            await RecordStatementsAsync("US", "AF", 1, $"other {i}"); // another relationship's, between them
        }

        foreach (var byHeader in new[] { false, true })
        {
            var seen = new List<string>();
            var next = first;
            for (var page = 0; page < 8; page++)
            {
                using var response = await _server.Reader.GetAsync(next);
                var body = await response.ReadJsonAsync(HttpStatusCode.OK);
                seen.AddRange(body["events"]!.AsArray().Select(e => (string)e!["position"]!));
                next = byHeader ? response.Headers.GetValues("Link").Single()[1..^">; rel=\"next\"".Length] : (string)body["next"]!;
                if ((bool)body["endOfLog"]!) break;
            }
            Assert.Equal(positions, seen);
            using var polled = await _server.Reader.GetAsync(next); // the last next link, polled later
            Assert.Empty((await polled.ReadJsonAsync(HttpStatusCode.OK))["events"]!.AsArray());
        }
    }

    [Fact]
    public async Task Pages_filter_by_type_and_by_stream_and_per_relationship()
    {
        using (await _server.RecordAsync("impose-designation", Bodies.Designation())) { }
        await RecordStatementsAsync("RU", "AF", 2, "s");
        using (await _server.RecordAsync("remove-designation", Bodies.RemoveDesignation())) { }

        var designations = await _server.GetJsonAsync("/events?type=DesignationImposed,DesignationRemoved");
        Assert.Equal(["DesignationImposed", "DesignationRemoved"], designations["events"]!.AsArray().Select(e => (string)e!["type"]!));
        Assert.Contains("type=DesignationImposed%2CDesignationRemoved", (string?)designations["next"], StringComparison.Ordinal);

        var stream = await _server.GetJsonAsync("/events?stream=relationship-AF~RU");
        Assert.Equal(2, stream["events"]!.AsArray().Count);

        var relationship = await _server.GetJsonAsync("/relationships/taliban/RU/events?after=1");
        Assert.Equal(["DesignationRemoved"], relationship["events"]!.AsArray().Select(e => (string)e!["type"]!));
        Assert.StartsWith("/relationships/RU/taliban/events?", (string?)relationship["next"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stream_resumes_after_a_disconnect_with_events_appended_meanwhile_without_gaps_or_repeats()
    {
        using var cts = Guard();
        var first = await RecordStatementsAsync("RU", "AF", 5, "before");
        var feed = new LedgerFeed(_server.Reader);

        var part1 = await TakeAsync(feed, null, 3, cts.Token);
        Assert.Equal(first.Take(3), part1.Select(m => m.Position));

        // Disconnected: the writer goes on.
        var more = await RecordStatementsAsync("RU", "AF", 4, "meanwhile");
        var part2 = await TakeAsync(feed, part1[^1].Id, 6, cts.Token);

        // Live: connected and caught up, then new events arrive.
        var live = TakeAsync(feed, part2[^1].Id, 2, cts.Token);
        var late = await RecordStatementsAsync("RU", "AF", 2, "live");
        var part3 = await live;

        var all = part1.Concat(part2).Concat(part3).Select(m => m.Position!).ToList();
        Assert.Equal([.. first, .. more, .. late], all);
        Assert.Equal(all.Count, all.Distinct().Count());
        var summaries = part1.Concat(part2).Concat(part3).Select(m => m.Data.GetProperty("data").GetProperty("summary").GetString());
        Assert.Equal(["before 0", "before 1", "before 2", "before 3", "before 4", "meanwhile 0", "meanwhile 1", "meanwhile 2", "meanwhile 3", "live 0", "live 1"], summaries);
    }

    [Fact]
    public async Task The_stream_resumes_from_Last_Event_ID_across_a_restart_of_the_server()
    {
        using var cts = Guard();
        var before = await RecordStatementsAsync("RU", "AF", 3, "before");
        var read = await TakeAsync(new LedgerFeed(_server.Reader), null, 2, cts.Token);

        await _server.RestartAsync();
        var after = await RecordStatementsAsync("RU", "AF", 2, "after");
        var resumed = await TakeAsync(new LedgerFeed(_server.Reader), read[^1].Id, 3, cts.Token);

        Assert.Equal([.. before, .. after], read.Concat(resumed).Select(m => m.Position!));
    }

    [Fact]
    public async Task The_sample_consumer_resumes_from_a_checkpoint_with_its_event_and_is_refused_one_naming_another_event()
    {
        using var cts = Guard();
        var positions = await RecordStatementsAsync("RU", "AF", 3, "checked");
        var reader = new LedgerFeed(_server.Reader, $"/events/stream?after={positions[0]}");
        await TakeAsync(reader, null, 1, cts.Token);
        var (checkpoint, checkpointEvent) = (reader.LastEventId, reader.LastEventGuid);
        Assert.Equal($"{positions[1]}@{checkpointEvent}", checkpoint); // the id: names the event too

        var next = await TakeAsync(new LedgerFeed(_server.Reader), checkpoint, 1, cts.Token, checkpointEvent);
        Assert.Equal([positions[2]], next.Select(m => m.Position));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => TakeAsync(new LedgerFeed(_server.Reader), positions[1], 1, cts.Token, Guid.NewGuid().ToString()));
        Assert.Contains($"is not the event at 'after' {positions[1]}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stream_starts_after_the_after_parameter_and_Last_Event_ID_wins_over_it()
    {
        using var cts = Guard();
        var positions = await RecordStatementsAsync("RU", "AF", 4, "s");

        var fromAfter = await TakeAsync(new LedgerFeed(_server.Reader, $"/events/stream?after={positions[1]}"), null, 2, cts.Token);
        Assert.Equal(positions.Skip(2), fromAfter.Select(m => m.Position));

        var header = await TakeAsync(new LedgerFeed(_server.Reader, $"/events/stream?after={positions[0]}"), positions[2], 1, cts.Token);
        Assert.Equal([positions[3]], header.Select(m => m.Position));
    }

    [Fact]
    public async Task The_relationship_stream_carries_only_its_relationship_with_global_positions_as_ids()
    {
        using var cts = Guard();
        var ruAf = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ruAf.AddRange(await RecordStatementsAsync("RU", "AF", 1, $"mine {i}"));
            await RecordStatementsAsync("US", "AF", 1, $"other {i}");
        }

        var feed = new LedgerFeed(_server.Reader, "/relationships/AF/RU/events/stream");
        var part1 = await TakeAsync(feed, null, 2, cts.Token);
        ruAf.AddRange(await RecordStatementsAsync("RU", "AF", 1, "mine 3"));
        var part2 = await TakeAsync(feed, part1[^1].Id, 2, cts.Token);

        Assert.Equal(ruAf, part1.Concat(part2).Select(m => m.Position!));
        Assert.All(part1.Concat(part2), m => Assert.Equal("relationship-AF~RU", m.Data.GetProperty("stream").GetString()));
    }

    [Fact]
    public async Task An_idle_stream_sends_heartbeat_comments()
    {
        using var cts = Guard();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events/stream");
        using var response = await _server.Reader.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var heartbeats = 0;
        while (heartbeats < 2 && await reader.ReadLineAsync(cts.Token) is { } line)
            if (line == ": heartbeat") heartbeats++;
        Assert.Equal(2, heartbeats);
    }

    [Fact]
    public async Task The_wire_format_is_the_documented_one_line_for_line()
    {
        using var cts = Guard();
        var ids = await RecordStatementsAsync("RU", "NZ", 2, "wire");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/relationships/NZ/RU/events/stream?after={ids[0]}");
        using var response = await _server.Reader.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        // retry, the comment naming where the stream starts, a blank line; then per event: id, data (one JSON line), a blank line.
        Assert.Equal("retry: 1000", await reader.ReadLineAsync(cts.Token));
        Assert.Equal($": after {ids[0]}", await reader.ReadLineAsync(cts.Token));
        Assert.Equal("", await reader.ReadLineAsync(cts.Token));
        string? line;
        while ((line = await reader.ReadLineAsync(cts.Token)) == ": heartbeat") Assert.Equal("", await reader.ReadLineAsync(cts.Token));
        var data = await reader.ReadLineAsync(cts.Token);
        Assert.StartsWith("data: {", data, StringComparison.Ordinal);
        var sent = System.Text.Json.JsonDocument.Parse(data!["data: ".Length..]).RootElement;
        Assert.Equal(ids[1], sent.GetProperty("position").GetString());
        Assert.Equal($"id: {ids[1]}@{sent.GetProperty("eventId").GetString()}", line); // position@eventId
        Assert.Equal("", await reader.ReadLineAsync(cts.Token));
    }

    [Fact]
    public async Task A_feed_event_carries_both_times_provenance_data_and_its_hash_chain()
    {
        using (await _server.RecordAsync("impose-designation", Bodies.Designation())) { }
        using (await _server.RecordAsync("remove-designation", Bodies.RemoveDesignation())) { }
        var events = (await _server.GetJsonAsync("/events"))["events"]!.AsArray();
        var history = (await _server.GetJsonAsync("/relationships/RU/taliban/history")).AsArray();

        Assert.Equal(history.Select(h => (string)h!["hash"]!), events.Select(e => (string)e!["hash"]!));
        Assert.Equal((string?)events[0]!["hash"], (string?)events[1]!["previousHash"]);
        var e0 = events[0]!;
        foreach (var field in new[] { "position", "eventId", "type", "schemaVersion", "stream", "revision", "effectiveDate", "recordedAt", "recordedBy", "sources", "correlationId", "causationId", "data" })
            Assert.NotNull(e0[field]);
        Assert.Equal("Reuters", (string?)e0["sources"]![0]!["publisher"]);
    }
}
