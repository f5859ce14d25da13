using System.Net;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Hosting;
using RelationsLedger.Store.Sqlite;
using RelationsLedger.Testing;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A request answered 503 store-unavailable while the store answers its probe — here a command that lost its race for a
/// relationship ten times in a row to another process's writer, on the real server over a real store file — is said at Warning,
/// once, then at most once a minute with a count (<see cref="AnsweredFailureLog"/>). Before round 55 it was logged at Debug only:
/// the probe answered, so the failure was forgotten as "not an outage", and the server answered 503s with nothing in its log.
/// </summary>
public sealed class AnsweredFailureLogTests
{
    [Fact]
    public async Task A_command_that_loses_every_race_to_another_process_is_answered_503_and_said_at_warning_not_as_an_outage()
    {
        InterleavingStore store = null!;
        await using var server = await ApiServer.StartAsync(openStore: async path => store = new InterleavingStore(await SqliteEventStore.OpenAsync(path)));
        using (var first = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "first"))) await first.ReadJsonAsync(HttpStatusCode.Created);
        using var folder = new TempFolder();
        // Another process's writer on the same file (no write turn of the server's holds it back), first before every append.
        await using var elsewhere = LedgerServices.Build(store, folder.File("elsewhere.projections.db"));
        var theirs = 0;
        Func<Task>? slipIn = null;
        slipIn = async () =>
        {
            using var scope = elsewhere.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
                TestLedger.Sourced(new MakeStatement("RU", "AF", "Spokesperson", "neutral", $"statement {++theirs}"), "2024-08"));
            store.Before = slipIn;
        };
        store.Before = slipIn;

        using var refused = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "lost every race"));
        var problem = await refused.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
        store.Before = null;
        Assert.Equal("urn:relationsledger:problem:store-unavailable", (string?)problem["type"]);
        Assert.Equal(LostRaces.MaxAttempts, theirs);

        var said = await SaidAsync(server, "AnsweredFailureLog");
        Assert.StartsWith("Warning RelationsLedger.Api.Hosting.AnsweredFailureLog: POST /commands/make-statement was answered 503 store-unavailable " +
            "(Other writers appended to relationship-AF~RU between this writer's read and its append 10 times in a row", said, StringComparison.Ordinal);
        Assert.Contains($"though the event store {server.Store.Description} answered a probe right after: not an outage", said, StringComparison.Ordinal);
        // Not called an outage, no Error, no stack above Debug.
        Assert.DoesNotContain(server.Log.Lines, l => l.Contains("StoreOutage", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal) ||
            l.Contains("   at ", StringComparison.Ordinal));
        // Nothing of the refused command was recorded: the first statement and the other writer's ten.
        var events = await server.Store.ReadStreamAsync("relationship-AF~RU", ReadDirection.Forwards, null, long.MaxValue).ToListAsync();
        Assert.Equal(1 + LostRaces.MaxAttempts, events.Count);
        Assert.DoesNotContain(events, e => System.Text.Encoding.UTF8.GetString(e.Data.Span).Contains("lost every race", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Said_once_then_the_requests_since_the_last_line_when_the_minute_ends_and_whole_again_after_a_quiet_minute()
    {
        var clock = ManualClock.Fixed();
        var captured = new CapturedLog();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(captured).SetMinimumLevel(LogLevel.Information));
        using var folder = new TempFolder();
        await using var store = await SqliteEventStore.OpenAsync(folder.File("ledger.db"));
        var answered = new AnsweredFailureLog(store, loggers.CreateLogger<AnsweredFailureLog>(), clock);
        string[] Said() => [.. captured.Lines.Where(l => l.Contains("AnsweredFailureLog:", StringComparison.Ordinal))];

        answered.Answered("POST /commands/make-statement", "lost 0");
        Assert.StartsWith("Warning RelationsLedger.Api.Hosting.AnsweredFailureLog: POST /commands/make-statement was answered 503 store-unavailable (lost 0)",
            Assert.Single(Said()), StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromSeconds(10));
        answered.Answered("POST /commands/batch", "lost 1");
        answered.Answered("GET /events", "dropped 2");
        Assert.Single(Said());
        clock.Advance(TimeSpan.FromSeconds(50)); // the minute ends: said though no request comes after
        Assert.Equal("Warning RelationsLedger.Api.Hosting.AnsweredFailureLog: 2 more request(s) were answered 503 store-unavailable since " +
            "2026-01-01 00:00:10Z while the event store SQLite file " + folder.File("ledger.db") + " answered its probe (the last: GET /events: dropped 2).", Said()[1]);

        clock.Advance(TimeSpan.FromMinutes(3)); // a quiet minute ends the lines
        Assert.Equal(2, Said().Length);
        answered.Answered("POST /commands/make-statement", "lost 3"); // said at once, whole
        Assert.Contains("POST /commands/make-statement was answered 503 store-unavailable (lost 3)", Said()[2], StringComparison.Ordinal);
        answered.Answered("POST /commands/make-statement", "lost 4");
        answered.Dispose(); // the server stops: what was counted is said
        Assert.Contains("1 more request(s) were answered 503 store-unavailable since 2026-01-01 00:04:00Z", Said()[3], StringComparison.Ordinal);
        Assert.Equal(4, Said().Length);
    }

    private static async Task<string> SaidAsync(ApiServer server, string category)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // only keeps a broken build from hanging the run
        while (true)
        {
            var lines = server.Log.Lines.Where(l => l.Contains($"RelationsLedger.Api.Hosting.{category}:", StringComparison.Ordinal)).ToList();
            if (lines.Count > 0) return Assert.Single(lines);
            await Task.Delay(20, patience.Token);
        }
    }
}
