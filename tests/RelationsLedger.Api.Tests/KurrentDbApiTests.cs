using System.Net;
using System.Net.Http.Json;
using FeedConsumer;
using RelationsLedger.Store.Conformance;
using RelationsLedger.Store.KurrentDb;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The API on a live KurrentDB, named by KURRENTDB_CONNECTION_STRING (skipped without it): commands,
/// readiness, and the relationship feed resumed across a disconnect. Each run uses parties of its own,
/// so a server with earlier data does not disturb it.
/// </summary>
public sealed class KurrentDbApiTests
{
    [SkippableFact]
    public async Task On_KurrentDB_commands_are_recorded_and_the_feed_resumes_after_a_disconnect_without_gaps_or_repeats()
    {
        var cs = ServerUnderTest.Require();
        await using var server = await ApiServer.StartAsync(openStore: async _ => await KurrentDbEventStore.ConnectAsync(cs));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (a, b) = ($"api-{Guid.NewGuid():N}"[..16], $"api-{Guid.NewGuid():N}"[..16]);

        Assert.Equal("healthy", (string?)(await server.GetJsonAsync("/health/ready", server.Anonymous))["status"]);
        async Task<string> RecordAsync(string summary)
        {
            using var response = await server.RecordAsync("make-statement", Bodies.Statement(a, b, summary));
            return (string)(await response.ReadJsonAsync(HttpStatusCode.Created))["globalPosition"]!;
        }

        var positions = new List<string> { await RecordAsync("one"), await RecordAsync("two"), await RecordAsync("three") };
        var feed = new LedgerFeed(server.Reader, $"/relationships/{a}/{b}/events/stream");
        var seen = new List<string>();
        await foreach (var m in feed.ReadAsync(null, ct: cts.Token))
            if (!m.IsHeartbeat && seen.Count < 2) { seen.Add(m.Position!); if (seen.Count == 2) break; }
        positions.Add(await RecordAsync("four"));
        await foreach (var m in feed.ReadAsync(feed.LastEventId, ct: cts.Token)) // position@eventId: a checked resume
            if (!m.IsHeartbeat) { seen.Add(m.Position!); if (seen.Count == 4) break; }

        Assert.Equal(positions, seen);
    }

    /// <summary>
    /// The store's connection reset while the command's append is in flight (a node killed mid-call): the proxy cuts it the
    /// moment the event's text is sent, so the server never gets it, which the ledger cannot tell from a node that wrote it
    /// and died before answering. The 503 must not say that nothing was recorded: a client told so may send the command
    /// again under a new id and record it twice.
    /// </summary>
    [SkippableFact]
    public async Task On_KurrentDB_a_command_cut_in_flight_is_a_503_that_says_it_may_be_recorded_and_its_retry_records_it_once()
    {
        var settings = ServerUnderTest.RequireOneInsecureNode();
        await using var proxy = new TcpProxy(settings.Hosts[0].Host, settings.Hosts[0].Port);
        await using var server = await ApiServer.StartAsync(openStore: async _ => await KurrentDbEventStore.ConnectAsync($"esdb://127.0.0.1:{proxy.Port}?tls=false"));
        var party = $"api-{Guid.NewGuid():N}"[..16];
        var marker = $"cut-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();

        proxy.CutOnceWhenSent(System.Text.Encoding.UTF8.GetBytes(marker));
        using (var cut = await server.RecordAsync("make-statement", Bodies.Statement("RU", party, $"Cut in flight, {marker}."), key))
        {
            var problem = await cut.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
            var detail = (string)problem["detail"]!;
            Assert.DoesNotContain("nothing was recorded", detail, StringComparison.Ordinal);
            Assert.Contains("may or may not have been recorded", detail, StringComparison.Ordinal);
        }
        using (var retried = await server.RecordAsync("make-statement", Bodies.Statement("RU", party, $"Cut in flight, {marker}."), key))
            await retried.ReadJsonAsync(HttpStatusCode.Created);
        var history = await server.GetJsonAsync($"/relationships/RU/{party}/history");
        Assert.Single(history.AsArray());
    }

    /// <summary>
    /// A batch's append cut in flight: the 503 says to retry the same batch (a batch takes no Idempotency-Key, which a retry that
    /// gave one would be refused for). Before round 57 it said "Retry with the same Idempotency-Key (or commandId)", a command's advice.
    /// </summary>
    [SkippableFact]
    public async Task On_KurrentDB_a_batch_cut_in_flight_is_a_503_that_says_to_retry_the_same_batch_and_that_retry_records_it_once()
    {
        var settings = ServerUnderTest.RequireOneInsecureNode();
        await using var proxy = new TcpProxy(settings.Hosts[0].Host, settings.Hosts[0].Port);
        await using var server = await ApiServer.StartAsync(openStore: async _ => await KurrentDbEventStore.ConnectAsync($"esdb://127.0.0.1:{proxy.Port}?tls=false"));
        var party = $"api-{Guid.NewGuid():N}"[..16];
        var marker = $"cut-{Guid.NewGuid():N}";
        var batch = new[]
        {
            new { command = "make-statement", commandId = Guid.NewGuid(), actor = "RU", counterpart = party, speaker = "Vladimir Putin", stance = "ally",
                summary = $"Cut in flight, {marker}.", effectiveDate = "2024-07", recordedBy = "analyst", sources = Bodies.Sources },
        };

        proxy.CutOnceWhenSent(System.Text.Encoding.UTF8.GetBytes(marker));
        using (var cut = await server.Recorder.PostAsync("/commands/batch", JsonContent.Create(batch)))
        {
            var detail = (string)(await cut.ReadJsonAsync(HttpStatusCode.ServiceUnavailable))["detail"]!;
            Assert.Contains("may or may not have been recorded", detail, StringComparison.Ordinal);
            Assert.Contains("Retry the same batch with the same command ids", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("Idempotency-Key", detail, StringComparison.Ordinal);
        }
        using (var retried = await server.Recorder.PostAsync("/commands/batch", JsonContent.Create(batch)))
            await retried.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Single((await server.GetJsonAsync($"/relationships/RU/{party}/history")).AsArray());
    }

    [SkippableFact]
    public async Task On_KurrentDB_a_designation_is_suspended_reinstated_and_answered_with_its_status()
    {
        var cs = ServerUnderTest.Require();
        await using var server = await ApiServer.StartAsync(openStore: async _ => await KurrentDbEventStore.ConnectAsync(cs));
        var party = $"api-{Guid.NewGuid():N}"[..16];

        using (var imposed = await server.RecordAsync("impose-designation", Bodies.Designation(counterpart: party))) await imposed.ReadJsonAsync(HttpStatusCode.Created);
        using (var suspended = await server.RecordAsync("suspend-designation", Bodies.RemoveDesignation(counterpart: party, on: "2025-04-17")))
            await suspended.ReadJsonAsync(HttpStatusCode.Created);
        using (var refused = await server.RecordAsync("impose-designation", Bodies.Designation(counterpart: party, on: "2025-06")))
            await refused.ReadJsonAsync(HttpStatusCode.Conflict);
        // Current at those events however long the log before them: on a node other suites filled (round 53, 330 MB of log)
        // the first load outlasted the question's 5 s, whose answer said so in its failure, and the test skipped.
        await server.ReadModelCurrentAsync();

        var state = await server.GetJsonAsync($"/relationships/RU/{party}/state?asOf=2025-05-01");
        // A server shared with the store's conformance tests holds their raw, non-ledger events in relationship-*
        // streams: the read model rightly stops on the first and says so. Then its answers cannot be checked here.
        if ((string?)state["readModel"]?["failure"] is { } failure)
        {
            Assert.DoesNotContain($"relationship-RU~{party}", failure, StringComparison.Ordinal);
            Skip.If(true, $"The read model stopped on a non-ledger event of another test on this server: {failure}");
        }
        Assert.Equal("suspended", (string?)state["designations"]![0]!["status"]);
        Assert.Equal("suspended", (string?)(await server.GetJsonAsync($"/parties/{party}/designations-of?asOf=2025-05-01"))["items"]![0]!["status"]);

        using (var reinstated = await server.RecordAsync("reinstate-designation", Bodies.RemoveDesignation(counterpart: party, on: "2025-09-01")))
            await reinstated.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("in-force", (string?)(await server.GetJsonAsync($"/relationships/RU/{party}/state?asOf=2025-10-01"))["designations"]![0]!["status"]);
        Assert.Equal(["DesignationImposed", "DesignationSuspended", "DesignationReinstated"],
            (await server.GetJsonAsync($"/relationships/RU/{party}/history")).AsArray().Select(e => (string?)e!["type"]));
    }
    /// <summary>The timeline (a replay of the stream) and the dyad-period panel (from the read model) on KurrentDB, as on the embedded store.</summary>
    [SkippableFact]
    public async Task On_KurrentDB_the_timeline_and_the_panel_show_a_designation_from_its_imposition_to_its_removal()
    {
        var cs = ServerUnderTest.Require();
        await using var server = await ApiServer.StartAsync(openStore: async _ => await KurrentDbEventStore.ConnectAsync(cs));
        var party = $"api-{Guid.NewGuid():N}"[..16];
        using (var imposed = await server.RecordAsync("impose-designation", Bodies.Designation(counterpart: party, on: "2003-02-14"))) await imposed.ReadJsonAsync(HttpStatusCode.Created);
        using (var removed = await server.RecordAsync("remove-designation", Bodies.RemoveDesignation(counterpart: party, on: "2025-04-17"))) await removed.ReadJsonAsync(HttpStatusCode.Created);

        var timeline = await server.GetJsonAsync($"/relationships/RU/{party}/timeline");
        var lane = timeline["kinds"]!.AsArray().Single(k => (string?)k!["name"] == "designations")!["lanes"]!.AsArray().Single()!;
        var span = lane["items"]!.AsArray().Single()!;
        Assert.Equal(("2003-02-14", "2025-04-17", "DesignationRemoved"), ((string?)span["start"], (string?)span["end"], (string?)span["endType"]));

        // The panel is the read model's: current at the removal first (on a filled node the first load outlasted the 5 s and the panel was empty).
        await server.ReadModelCurrentAsync();
        using var response = await server.Reader.GetAsync($"/panel?from=2002&to=2026&party={party}&aspects=designations");
        var csv = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, csv);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
        if (rows.Count == 0 && response.Headers.TryGetValues("X-Read-Model-Behind", out var behind) && behind.Single() != "0")
            Skip.If(true, "The read model stopped on a non-ledger event of another test on this server (the store's conformance tests write raw events): the panel cannot be checked here.");
        Assert.Equal(Enumerable.Range(2002, 25).Select(y => $"{y}-12-31"), rows.Select(r => r["date"]));
        Assert.All(rows, r => Assert.Equal($"RU~{party}", r["relationship"]));
        Assert.Equal(Enumerable.Range(2002, 25).Select(y => y is >= 2003 and < 2025 ? "1" : "0"), rows.Select(r => r["designations_by_a"]));
    }
}
