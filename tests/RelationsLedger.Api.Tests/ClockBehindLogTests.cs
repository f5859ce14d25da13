using System.Net;
using System.Net.Http.Json;
using RelationsLedger.Store.Sqlite;
using RelationsLedger.Testing;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A served command on a machine whose clock went back behind the log (round 39's hostile tester, under libfaketime): the
/// store refuses to stamp an event earlier than the last, and the client got a 503 <c>store-unavailable</c>, "Try again
/// later" — it retried for nothing, and the reason was only in the server's log. Now its own problem type says the clock is
/// behind, by how much, that nothing was recorded and that a retry cannot help until the clock is set right.
/// </summary>
public sealed class ClockBehindLogTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Recorded = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Recorded);
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync(openStore: async path => await SqliteEventStore.OpenAsync(path, _clock));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_command_is_told_the_servers_clock_is_behind_by_how_much_and_not_to_retry_and_nothing_is_recorded()
    {
        using (var first = await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "before the clock went back")))
            await first.ReadJsonAsync(HttpStatusCode.Created);
        _clock.Now = Recorded - new TimeSpan(1, 59, 30);

        foreach (var (command, body) in new (string, object)[] { ("make-statement", Bodies.Statement("RU", "AF", "after the clock went back")), ("impose-designation", Bodies.Designation()) })
        {
            using var refused = await _server.RecordAsync(command, body);
            var problem = await refused.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("urn:relationsledger:problem:clock-behind-log", (string?)problem["type"]);
            // A client library retries a 503 whatever the detail says: told to wait a minute, not none (before round 44).
            Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
            var detail = (string?)problem["detail"];
            // The words of the CLI's refusal (ClockBehindLog), without the store's path, and that a retry cannot help.
            Assert.Matches(@"^Cannot record: the last event of the ledger \(position 1\) is recorded at 2026-03-01T12:00:00\.\d{7}Z, and the clock of the server " +
                @"is 1 hour 59 minutes behind it \(2026-03-01T10:00:30\.0000000Z\): more than the 10 minutes the clocks of one ledger are taken to disagree\. " +
                @"The ledger stamps each event no earlier than the one before it, .* Nothing was recorded\. Either the clock of the server is behind " +
                @"\(set it right, then retry\) or that recorded time was changed in the store \(ledger verify names it\)\. Until then a retry fails the same way: tell the operator\.$",
                detail);
            Assert.DoesNotContain(_server.StorePath, detail, StringComparison.Ordinal);
        }

        var page = await (await _server.Reader.GetAsync("/events")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Single(page["events"]!.AsArray());

        _clock.Now = Recorded + TimeSpan.FromMinutes(1); // the clock set right: recorded again
        using var after = await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "the clock set right"));
        await after.ReadJsonAsync(HttpStatusCode.Created);
    }
}
