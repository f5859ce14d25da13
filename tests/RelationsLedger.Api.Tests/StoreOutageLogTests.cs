using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Sqlite;
using RelationsLedger.Testing;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// While the event store cannot be reached, every request that needs it is a 503 — and before round 45 each one also logged its
/// full stack at Error ("The event store is unavailable"): consumers polling the feed wrote thousands of lines a minute. Now the
/// log says the outage once when it starts, again once a minute (<see cref="StoreOutage.ReminderInterval"/>) while it lasts, and
/// once when the store answers again, with how long it was away. The embedded store's file taken away and put back, on the real
/// server, whose clock is the test's (its timers fire when the test moves it: a minute passes without waiting one).
/// </summary>
public sealed class StoreOutageLogTests
{
    [Fact]
    public async Task Requests_failing_while_the_store_is_away_are_logged_as_one_outage_with_its_start_reminders_and_end()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = await ApiServer.StartAsync(ReadinessProbeLogTests.FastProbe, services: s => s.AddSingleton<TimeProvider>(clock));
        using (var first = await server.RecordAsync("impose-designation", Bodies.Designation())) await first.ReadJsonAsync(HttpStatusCode.Created);
        var copy = Path.Combine(server.Folder, "copy.db");
        await LedgerFiles.CopyAsync(server.StorePath, copy);
        LedgerFiles.TakeAway(server.StorePath);

        // Consumers and a writer at it until the outage is said and for 30 requests at least: pages of the feed and commands,
        // every one a 503; a minute passes (the clock moved), and they go on.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // only keeps a broken build from hanging the run
        var failed = 0;
        async Task FailAsync()
        {
            using var page = await server.Reader.GetAsync("/events?limit=10", patience.Token);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), page.Headers.RetryAfter?.Delta);
            using var command = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "while the store is away"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, command.StatusCode);
            failed += 2;
        }
        while (failed < 30 || !Outage(server).Any()) await FailAsync();
        clock.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 5; i++) await FailAsync();
        LedgerFiles.PutInPlace(copy, server.StorePath);
        while (!Outage(server).Any(l => l.Contains("answers again", StringComparison.Ordinal))) await Task.Delay(50, patience.Token);
        using (var after = await server.Reader.GetAsync("/events?limit=10")) Assert.True(after.IsSuccessStatusCode, $"{after.StatusCode}: {server.Log}");

        var lines = Outage(server).ToList();
        // No line of the outage at Error, none with a stack; the 503s' own lines are gone (before: one Error with its stack each).
        Assert.False(server.Log.Lines.Any(l => l.StartsWith("Error", StringComparison.Ordinal) || l.Contains("   at ", StringComparison.Ordinal)), server.Log.ToString());
        Assert.Equal(3, lines.Count); // its start, the minute's reminder, its end: whatever the number of requests
        Assert.StartsWith($"Warning RelationsLedger.Api.Hosting.StoreOutage: The event store {server.Store.Description} cannot be reached since ", lines[0], StringComparison.Ordinal);
        Assert.Contains("Until it answers, what needs it is answered 503 store-unavailable", lines[0], StringComparison.Ordinal);
        var reminded = System.Text.RegularExpressions.Regex.Match(lines[1], @"still cannot be reached, for 1 minute since .+; (\d+) calls to it failed meanwhile\.$");
        Assert.True(reminded.Success, lines[1]);
        Assert.True(int.Parse(reminded.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 30, lines[1]);
        var ended = System.Text.RegularExpressions.Regex.Match(lines[2], @"answers again: it could not be reached for 1 minute \(from .+ to .+\); (\d+) calls to it failed meanwhile\.$");
        Assert.True(ended.Success, lines[2]);
        Assert.True(int.Parse(ended.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 40, lines[2]); // and the 10 after the minute
    }

    /// <summary>
    /// Two servers at once, one probing its store every 0.1 s (Api:StoreProbeSeconds), the other with the default, each store taken
    /// away: each probes at its own interval. Before round 57 the interval was a static that tests set and put back, and a server
    /// of a test class running beside them probed at theirs.
    /// </summary>
    [Fact]
    public async Task Each_server_probes_its_store_at_its_own_interval()
    {
        await using var fast = await ApiServer.StartAsync(ReadinessProbeLogTests.FastProbe);
        await using var usual = await ApiServer.StartAsync();
        foreach (var server in new[] { fast, usual })
        {
            using (var first = await server.RecordAsync("impose-designation", Bodies.Designation())) await first.ReadJsonAsync(HttpStatusCode.Created);
            LedgerFiles.TakeAway(server.StorePath);
        }
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // only keeps a broken build from hanging the run
        foreach (var server in new[] { fast, usual })
            while (!Outage(server).Any())
            {
                using var page = await server.Reader.GetAsync("/events?limit=1", patience.Token);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
                await Task.Delay(50, patience.Token);
            }
        Assert.Contains("the store is probed every 0.1 s", Outage(fast).First(), StringComparison.Ordinal);
        Assert.Contains("the store is probed every 1 s", Outage(usual).First(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Round 45 (helper-126): an event stream that ended while the store was away never finished. Its outage notices waited for
    /// the outage's change or the next reminder with Task.WhenAny, which does not throw: once the stream's token was cancelled
    /// both were cancelled and the loop went round again at once, for ever — the response never ended, the stream's place
    /// (Api:MaxStreams) was never given back, and a core spun. Live, a node wiped under the feed left its open stream silent
    /// instead of ending it (NodeRestartFeedTests). Here: the one place, taken by a stream whose client leaves during an outage.
    /// </summary>
    [Fact]
    public async Task A_stream_that_ends_while_the_store_is_away_gives_its_place_back()
    {
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string?>(ReadinessProbeLogTests.FastProbe) { ["Api:MaxStreams"] = "1" });
        using (var first = await server.RecordAsync("impose-designation", Bodies.Designation())) await first.ReadJsonAsync(HttpStatusCode.Created);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // only keeps a broken build from hanging the run
        var stream = await server.Reader.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/events/stream"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using (var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cts.Token)))
        {
            LedgerFiles.TakeAway(server.StorePath);
            using (var page = await server.Reader.GetAsync("/events?limit=10", cts.Token)) Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            while (await reader.ReadLineAsync(cts.Token) is { } line && !line.StartsWith(": store unavailable since ", StringComparison.Ordinal))
            {
            }
        }
        stream.Dispose(); // the client goes away while the store is still away

        var answers = new List<string>();
        while (true)
        {
            using var again = await server.Reader.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/events/stream"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var type = again.StatusCode == HttpStatusCode.OK ? "200" : (string?)(await again.ReadJsonAsync(again.StatusCode))["type"];
            answers.Add(type ?? "?");
            if (type != "urn:relationsledger:problem:too-many-streams") break;
            Assert.True(answers.Count < 50, $"the place was not given back: {string.Join(", ", answers)}\n{server.Log}");
            await Task.Delay(100, cts.Token);
        }
    }

    /// <summary>
    /// Round 46: the store holding another ledger (another ledger's file moved over the store's; on KurrentDB a node wiped under
    /// the server) refuses every command until the server is restarted, and each refusal logged its own Error with its stack —
    /// the same flood round 45 stopped for a store away. Now the first refusal is said once, and what was refused since when the
    /// minute ends (since round 50 even if no refusal comes after it), each stack at Debug only. Here 20 refused commands within
    /// the minute (the server's clock is the test's, however slow the machine), then the clock moved a minute on.
    /// </summary>
    [Fact]
    public async Task Commands_refused_because_the_store_holds_another_ledger_are_logged_once_with_reminders_and_no_stack()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:RelationsLedger"] = "Debug" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        using (var first = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "before the store was replaced")))
            await first.ReadJsonAsync(HttpStatusCode.Created);
        var other = Path.Combine(server.Folder, "other.db");
        await using (var store = await SqliteEventStore.OpenAsync(other))
            await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [new(Guid.NewGuid(), "StatementMade", "{}"u8.ToArray(), "{}"u8.ToArray())]);
        LedgerFiles.PutInPlace(other, server.StorePath);

        // The first append finds the file moved (said as such, AnotherLedgerTests); the ones after it hold another ledger.
        var refusals = new List<(string? Type, string? Detail)>();
        for (var i = 0; i < 21; i++) refusals.Add(await RefusedAsync(server, $"after, {i}"));
        // Failed now and then in rounds 47 and 53 (1 of 10 runs; 1 of 2 CI runs): every one of the 21 store-unavailable, nothing
        // in the log. The cause, found in round 54 with the Debug lines this test now keeps: when the file was moved before the
        // server's read model had asked the store for its ledger, the store took the other ledger for its own, and each command
        // was refused as "other writers appended … 10 times in a row" (MovedFileTests: the store knows its ledger from its making).
        Assert.True(refusals[1..].All(r => r.Type == "urn:relationsledger:problem:store-holds-another-ledger"),
            $"{string.Join(Environment.NewLine, refusals.Select(r => $"{r.Type}: {r.Detail}"))}{Environment.NewLine}the server's log: {server.Log}");
        var said = Refusals(server).ToList();
        var line = Assert.Single(said);
        // The first refusal said is a command's, or (since round 54, when reads refuse another ledger's file too) the live
        // projection's, if its catch-up reached the moved-in file first.
        Assert.StartsWith($"Error RelationsLedger.Api.Hosting.AnotherLedgerLog: The event store {server.Store.Description} holds another ledger than the one " +
            "this server has been serving (", line, StringComparison.Ordinal);
        Assert.Matches(@"has been serving \((POST /commands/make-statement|The projection relationships): ", line);
        Assert.Contains("until the operator restarts the server", line, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(1)); // no refusal after: the minute's end says them
        said = [.. Refusals(server)];
        Assert.Equal(2, said.Count);
        var count = System.Text.RegularExpressions.Regex.Match(said[1], @"still holds another ledger, since .+; (\d+) calls to it were refused meanwhile\. Restart the server\.$");
        Assert.True(count.Success, said[1]);
        Assert.True(int.Parse(count.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 20, said[1]); // the 20 above
        // No stack anywhere, and no line of the handler's own (before: one Error with its stack per refused command).
        Assert.False(server.Log.Lines.Any(l => !l.StartsWith("Debug", StringComparison.Ordinal) && (l.Contains("   at ", StringComparison.Ordinal) || l.Contains("LedgerExceptionHandler", StringComparison.Ordinal))), server.Log.ToString());
    }

    private static async Task<(string? Type, string? Detail)> RefusedAsync(ApiServer server, string text)
    {
        using var command = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", text));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, command.StatusCode);
        var problem = await command.ReadJsonAsync(command.StatusCode);
        return ((string?)problem["type"], (string?)problem["detail"]);
    }

    private static IEnumerable<string> Refusals(ApiServer server) =>
        server.Log.Lines.Where(l => l.Contains("holds another ledger", StringComparison.Ordinal) && !l.StartsWith("Debug", StringComparison.Ordinal));

    private static IEnumerable<string> Outage(ApiServer server) => server.Log.Lines.Where(l => l.Contains("StoreOutage", StringComparison.Ordinal));
}
