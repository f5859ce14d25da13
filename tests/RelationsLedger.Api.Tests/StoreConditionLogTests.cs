using System.Globalization;
using Microsoft.Extensions.Logging;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Sqlite;
using RelationsLedger.Testing;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The store away (<see cref="StoreOutage"/>) and another ledger on it (<see cref="AnotherLedgerLog"/>), said once a minute at
/// most with their counts (<see cref="RepeatedConditionLog"/>), on a clock the test moves — its timers fire when it is moved, so
/// "a minute later" is exact and needs no sleep. A real embedded store, its file taken away and put back.
/// </summary>
public sealed class StoreConditionLogTests : IDisposable
{
    private readonly ManualClock _clock = ManualClock.Fixed();
    private readonly CapturedLog _log = new();
    private readonly ILoggerFactory _loggers;
    private readonly TempFolder _folder = new();

    public StoreConditionLogTests() => _loggers = LoggerFactory.Create(b => b.AddProvider(_log).SetMinimumLevel(LogLevel.Information));

    private string Path => _folder.File("ledger.db");

    private string[] Said(string category) => [.. _log.Lines.Where(l => l.Contains($"RelationsLedger.Api.Hosting.{category}:", StringComparison.Ordinal))];

    [Fact]
    public async Task An_outage_is_said_at_its_start_then_once_a_minute_with_the_failures_since_it_started_and_at_its_end()
    {
        await using var store = await StoreWithALedgerAsync();
        var copy = await TakeAwayAsync();
        using var outage = new StoreOutage(store, _loggers.CreateLogger<StoreOutage>(), _clock);
        for (var i = 0; i < 3; i++) outage.Failed(new StoreUnavailableException($"failure {i}"), "A page of the feed");
        var start = Assert.Single(await SaidAsync("StoreOutage", 1));
        Assert.Contains($"The event store {store.Description} cannot be reached since 2026-01-01 00:00:00Z (A page of the feed: failure 0). " +
            "Until it answers, what needs it is answered 503 store-unavailable", start, StringComparison.Ordinal);

        outage.Failed(new StoreUnavailableException("failure 3"), "A command");
        outage.Failed(new StoreUnavailableException("failure 4"), "A command");
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.EndsWith("still cannot be reached, for 1 minute since 2026-01-01 00:00:00Z; 5 calls to it failed meanwhile.", Said("StoreOutage")[1], StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromMinutes(1)); // said while it lasts, whether calls failed or not: the probes say it does
        Assert.EndsWith("still cannot be reached, for 2 minutes since 2026-01-01 00:00:00Z; 5 calls to it failed meanwhile.", Said("StoreOutage")[2], StringComparison.Ordinal);

        LedgerFiles.PutInPlace(copy, Path);
        var said = await SaidAsync("StoreOutage", 4);
        Assert.EndsWith("answers again: it could not be reached for 2 minutes (from 2026-01-01 00:00:00Z to 2026-01-01 00:02:00Z); 5 calls to it failed meanwhile.",
            said[3], StringComparison.Ordinal);
        Assert.Null(outage.Since);
        _clock.Advance(TimeSpan.FromMinutes(5)); // ended: no more lines
        outage.Dispose();
        Assert.Equal(4, Said("StoreOutage").Length);
    }

    [Fact]
    public async Task A_request_answered_503_is_said_apart_when_the_probe_answers_and_counted_in_the_outage_when_it_does_not()
    {
        await using var store = await StoreWithALedgerAsync();
        var answered = new AnsweredFailureLog(store, _loggers.CreateLogger<AnsweredFailureLog>(), _clock);
        using var outage = new StoreOutage(store, _loggers.CreateLogger<StoreOutage>(), _clock, answered);
        outage.Failed(new StoreUnavailableException("lost its races"), "POST /commands/make-statement", answered503: true);
        Assert.Contains("AnsweredFailureLog: POST /commands/make-statement was answered 503 store-unavailable (lost its races), though the event store",
            Assert.Single(await SaidAsync("AnsweredFailureLog", 1)), StringComparison.Ordinal);
        Assert.Empty(Said("StoreOutage"));
        _clock.Advance(TimeSpan.FromMinutes(2)); // a quiet minute: a request said apart now would be said at once

        var copy = await TakeAwayAsync();
        outage.Failed(new StoreUnavailableException("gone"), "POST /commands/make-statement", answered503: true);
        await SaidAsync("StoreOutage", 1);
        outage.Failed(new StoreUnavailableException("gone"), "GET /events", answered503: true);
        outage.Failed(new StoreUnavailableException("gone"), "POST /commands/batch", answered503: true);
        LedgerFiles.PutInPlace(copy, Path);
        Assert.EndsWith("3 calls to it failed meanwhile.", (await SaidAsync("StoreOutage", 2))[1], StringComparison.Ordinal);
        answered.Dispose(); // what it had counted would be said now
        Assert.Single(Said("AnsweredFailureLog")); // the outage's requests are its own lines' count, not said apart
    }

    [Fact]
    public async Task Failures_since_the_last_line_of_an_outage_are_said_when_the_server_stops()
    {
        await using var store = await StoreWithALedgerAsync();
        await TakeAwayAsync();
        var outage = new StoreOutage(store, _loggers.CreateLogger<StoreOutage>(), _clock);
        outage.Failed(new StoreUnavailableException("gone"), "A page of the feed");
        await SaidAsync("StoreOutage", 1);
        _clock.Advance(TimeSpan.FromSeconds(20));
        outage.Failed(new StoreUnavailableException("gone"), "A command");
        outage.Failed(new StoreUnavailableException("gone"), "A command");
        outage.Dispose();
        var said = Said("StoreOutage");
        Assert.Equal(2, said.Length);
        Assert.EndsWith("still cannot be reached, for 20.0 s since 2026-01-01 00:00:00Z; 3 calls to it failed meanwhile.", said[1], StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, Said("StoreOutage").Length);
    }

    [Fact]
    public async Task Refusals_for_another_ledger_are_said_once_then_counted_each_minute_they_come_and_when_the_server_stops()
    {
        await using var store = await SqliteEventStore.OpenAsync(Path);
        var another = new AnotherLedgerLog(store, _loggers.CreateLogger<AnotherLedgerLog>(), _clock);
        static StoreUnavailableException Refusal() => new("The event store was reset or replaced since this server started.") { AnotherLedger = true };
        another.Refused(Refusal(), "GET /events");
        Assert.StartsWith($"Error RelationsLedger.Api.Hosting.AnotherLedgerLog: The event store {store.Description} holds another ledger than the one this " +
            "server has been serving (GET /events: The event store was reset or replaced since this server started.). Every call", Assert.Single(Said("AnotherLedgerLog")), StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 20; i++) another.Refused(Refusal(), "POST /commands/make-statement");
        Assert.Single(Said("AnotherLedgerLog"));
        _clock.Advance(TimeSpan.FromSeconds(50)); // the minute ends: said though no refusal comes after
        static string Reminder(int refused) =>
            $"still holds another ledger, since 2026-01-01 00:00:00Z; {refused.ToString(CultureInfo.InvariantCulture)} calls to it were refused meanwhile. Restart the server.";
        Assert.EndsWith(Reminder(21), Said("AnotherLedgerLog")[1], StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromMinutes(3)); // nobody calls: quiet
        Assert.Equal(2, Said("AnotherLedgerLog").Length);
        another.Refused(Refusal(), "GET /events"); // after a quiet minute: said at once
        Assert.EndsWith(Reminder(22), Said("AnotherLedgerLog")[2], StringComparison.Ordinal);
        another.Refused(Refusal(), "GET /events");
        another.Refused(Refusal(), "GET /events");
        another.Dispose();
        Assert.EndsWith(Reminder(24), Said("AnotherLedgerLog")[3], StringComparison.Ordinal);
        Assert.Equal(4, Said("AnotherLedgerLog").Length);
    }

    [Fact]
    public async Task Writes_the_store_refused_are_said_once_then_the_refusals_since_the_last_line_each_minute_they_come()
    {
        await using var store = await SqliteEventStore.OpenAsync(Path);
        var unwritable = new UnwritableStoreLog(store, _loggers.CreateLogger<UnwritableStoreLog>(), _clock);
        static StoreUnavailableException Refusal(int n) => new($"Cannot write to the store: the disk is full ({n} bytes free).") { Unwritable = true };
        unwritable.Refused(Refusal(0), "POST /commands/make-statement");
        Assert.StartsWith($"Error RelationsLedger.Api.Hosting.UnwritableStoreLog: The event store {store.Description} cannot be written " +
            "(POST /commands/make-statement: Cannot write to the store: the disk is full (0 bytes free).). Every command is answered 503",
            Assert.Single(Said("UnwritableStoreLog")), StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromSeconds(10));
        unwritable.Refused(Refusal(1), "POST /commands/batch");
        unwritable.Refused(Refusal(2), "POST /commands/make-statement");
        Assert.Single(Said("UnwritableStoreLog"));
        _clock.Advance(TimeSpan.FromSeconds(50)); // the minute ends: said though no refusal comes after
        Assert.EndsWith("still cannot be written: 2 more command(s) were refused since 2026-01-01 00:00:10Z, nothing of them recorded " +
            "(the last: POST /commands/make-statement: Cannot write to the store: the disk is full (2 bytes free).).", Said("UnwritableStoreLog")[1], StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromMinutes(3)); // room given: nobody is refused, the log is quiet
        Assert.Equal(2, Said("UnwritableStoreLog").Length);
        unwritable.Refused(Refusal(3), "POST /commands/batch"); // full again, later: said at once, whole
        Assert.Contains("cannot be written (POST /commands/batch: Cannot write to the store: the disk is full (3 bytes free).)", Said("UnwritableStoreLog")[2], StringComparison.Ordinal);
        unwritable.Refused(Refusal(4), "POST /commands/batch");
        unwritable.Dispose();
        Assert.Contains("still cannot be written: 1 more command(s) were refused since 2026-01-01 00:04:00Z", Said("UnwritableStoreLog")[3], StringComparison.Ordinal);
        Assert.Equal(4, Said("UnwritableStoreLog").Length);
    }

    /// <summary>A store that has recorded one event (so that its file gone is the store away, not a new store).</summary>
    private async Task<SqliteEventStore> StoreWithALedgerAsync()
    {
        var store = await SqliteEventStore.OpenAsync(Path);
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [new(Guid.NewGuid(), "StatementMade", "{}"u8.ToArray(), "{}"u8.ToArray())]);
        return store;
    }

    /// <summary>The store's file taken away, as an operator's mistake does; a copy kept to put back.</summary>
    private async Task<string> TakeAwayAsync()
    {
        var copy = _folder.File("copy.db");
        await LedgerFiles.CopyAsync(Path, copy);
        LedgerFiles.TakeAway(Path);
        return copy;
    }

    /// <summary>
    /// The category's lines once there are <paramref name="count"/>: a probe of the store runs on the thread pool, and real time
    /// passes between probes. Waited for, however slow the machine; the token only keeps a broken build from hanging the run.
    /// </summary>
    private async Task<string[]> SaidAsync(string category, int count)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (Said(category).Length < count) await Task.Delay(20, patience.Token);
        return Said(category);
    }

    public void Dispose()
    {
        _loggers.Dispose();
        _folder.Dispose();
    }
}
