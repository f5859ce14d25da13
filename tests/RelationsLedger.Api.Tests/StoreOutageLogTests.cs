using System.Net;
using Microsoft.Data.Sqlite;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Testing;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// While the event store cannot be reached, every request that needs it is a 503 — and before round 45 each one also logged its
/// full stack at Error ("The event store is unavailable"): consumers polling the feed wrote thousands of lines a minute. Now the
/// log says the outage once when it starts, again at most every <see cref="StoreOutage.ReminderInterval"/>, and once when the
/// store answers again, with how long it was away. The embedded store's file taken away and put back, on the real server.
/// </summary>
public sealed class StoreOutageLogTests
{
    [Fact]
    public async Task Requests_failing_while_the_store_is_away_are_logged_as_one_outage_with_its_start_reminders_and_end()
    {
        var (probe, reminder) = (StoreOutage.ProbeInterval, StoreOutage.ReminderInterval);
        (StoreOutage.ProbeInterval, StoreOutage.ReminderInterval) = (TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        try
        {
            await WhileAwayAsync();
        }
        finally
        {
            (StoreOutage.ProbeInterval, StoreOutage.ReminderInterval) = (probe, reminder);
        }
    }

    private static async Task WhileAwayAsync()
    {
        await using var server = await ApiServer.StartAsync();
        using (var first = await server.RecordAsync("impose-designation", Bodies.Designation())) await first.ReadJsonAsync(HttpStatusCode.Created);
        var copy = Path.Combine(server.Folder, "copy.db");
        await LedgerFiles.CopyAsync(server.StorePath, copy);
        SqliteConnection.ClearAllPools();
        File.Delete(server.StorePath);
        LedgerFiles.DeleteSidecars(server.StorePath);

        // Consumers and a writer at it for 2.5 s and 30 requests at least: pages of the feed and commands, every one a 503.
        var failed = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(2.5) || failed < 30)
        {
            using var page = await server.Reader.GetAsync("/events?limit=10");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), page.Headers.RetryAfter?.Delta);
            using var command = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "while the store is away"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, command.StatusCode);
            failed += 2;
            await Task.Delay(50);
        }
        LedgerFiles.PutInPlace(copy, server.StorePath);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!Outage(server).Any(l => l.Contains("answers again", StringComparison.Ordinal))) await Task.Delay(50, patience.Token);
        var away = clock.Elapsed;
        using (var after = await server.Reader.GetAsync("/events?limit=10")) Assert.True(after.IsSuccessStatusCode, $"{after.StatusCode}: {server.Log}");

        var lines = Outage(server).ToList();
        // No line of the outage at Error, none with a stack; the 503s' own lines are gone (before: one Error with its stack each).
        Assert.False(server.Log.Lines.Any(l => l.StartsWith("Error", StringComparison.Ordinal) || l.Contains("   at ", StringComparison.Ordinal)), server.Log.ToString());
        Assert.StartsWith($"Warning RelationsLedger.Api.Hosting.StoreOutage: The event store {server.Store.Description} cannot be reached since ", lines[0], StringComparison.Ordinal);
        Assert.Contains("Until it answers, what needs it is answered 503 store-unavailable", lines[0], StringComparison.Ordinal);
        Assert.Single(lines, l => l.Contains("cannot be reached since", StringComparison.Ordinal));
        // A reminder a second at most while it lasted: bounded by the time, whatever the number of requests.
        var reminders = lines.Count(l => l.Contains("still cannot be reached", StringComparison.Ordinal));
        Assert.InRange(reminders, 1, (int)away.TotalSeconds + 1);
        var end = Assert.Single(lines, l => l.Contains("answers again", StringComparison.Ordinal));
        Assert.Matches(@"answers again: it could not be reached for \d+\.\d s \(from .+ to .+\); \d+ calls to it failed meanwhile\.$", end);
        Assert.Equal(end, lines[^1]);
        Assert.Equal(2 + reminders, lines.Count);
    }

    private static IEnumerable<string> Outage(ApiServer server) => server.Log.Lines.Where(l => l.Contains("StoreOutage", StringComparison.Ordinal));
}
