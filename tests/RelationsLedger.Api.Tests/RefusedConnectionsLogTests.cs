using RelationsLedger.Api.Hosting;
using RelationsLedger.Api.Hosting.Connections;
using RelationsLedger.Testing;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A flood is refused as fast as it comes: before round 49 Kestrel wrote a warning for each connection it refused, a second
/// flood into the log. The server says it once a minute at most, counting what it refused since and telling the causes apart —
/// and, since round 50, says what it counted when the minute ends even if nothing more comes (before, a flood that ended within
/// the minute left one line saying 1), and when the server stops. The clock is the test's: its timers fire when it is moved.
/// </summary>
public sealed class RefusedConnectionsLogTests
{
    private readonly ManualClock _clock = ManualClock.Fixed();
    private readonly CapturedLog _log = new();

    private RefusedConnections Refusals() => new(_log.CreateLogger("refusals"), new ConnectionBound(1000), _clock);

    private string[] Said => [.. _log.Lines.Where(l => l.Contains("Refusing connections:", StringComparison.Ordinal))];

    [Fact]
    public void A_flood_that_ends_within_the_minute_is_said_at_once_and_its_count_when_the_minute_ends()
    {
        using var refusals = Refusals();
        refusals.OverBound();
        Assert.Contains("Refusing connections: 1 since 00:00:00 UTC, each closed", Assert.Single(Said), StringComparison.Ordinal);
        Assert.Contains("1 as 1000 were held, the most Api:MaxConnections allows", Said[0], StringComparison.Ordinal);

        // 4,999 more over 30 s, then nothing.
        for (var i = 0; i < 4999; i++)
        {
            if (i % 500 == 0) _clock.Advance(TimeSpan.FromSeconds(3));
            refusals.OverBound();
        }
        Assert.Single(Said);
        _clock.Advance(TimeSpan.FromSeconds(29.9)); // 00:00:59.9
        Assert.Single(Said);

        _clock.Advance(TimeSpan.FromSeconds(0.1)); // the minute ends, and nothing else happens
        Assert.Equal(2, Said.Length);
        Assert.Contains("Refusing connections: 4999 since 00:00:03 UTC, the last at 00:00:30 UTC, each closed as soon as it was accepted — " +
            "4999 as 1000 were held, the most Api:MaxConnections allows (each holds a file descriptor).", Said[1], StringComparison.Ordinal);

        // A quiet minute says nothing, and ends the run: the next refusal is said at once.
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(2, Said.Length);
        refusals.OverBound();
        Assert.Equal(3, Said.Length);
        Assert.Contains("Refusing connections: 1 since 00:06:00 UTC, each closed", Said[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Each_minute_of_a_long_flood_is_said_once_with_its_own_count_and_causes()
    {
        using var refusals = Refusals();
        refusals.OverBound();
        for (var minute = 1; minute <= 3; minute++)
        {
            for (var i = 0; i < 100 * minute; i++) refusals.OverBound();
            refusals.AcceptFailed(new OutOfMemoryException("Insufficient memory."));
            _clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(1 + minute, Said.Length);
            Assert.Contains($"Refusing connections: {100 * minute + 1} since ", Said[minute], StringComparison.Ordinal);
            Assert.Contains($"— {100 * minute} as 1000 were held, the most Api:MaxConnections allows (each holds a file descriptor); " +
                "1 as accepting failed (OutOfMemoryException: Insufficient memory.); the listener tries again in a moment.", Said[minute], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void What_was_refused_since_the_last_line_is_said_when_the_server_stops_and_nothing_after()
    {
        var refusals = Refusals();
        refusals.OverBound();
        _clock.Advance(TimeSpan.FromSeconds(10));
        refusals.OverBound();
        refusals.OverBound();
        refusals.Dispose();
        Assert.Equal(2, Said.Length);
        Assert.Contains("Refusing connections: 2 since 00:00:10 UTC, the last at 00:00:10 UTC", Said[1], StringComparison.Ordinal);

        refusals.OverBound();
        _clock.Advance(TimeSpan.FromMinutes(2));
        refusals.Dispose();
        Assert.Equal(2, Said.Length);
    }

    [Fact]
    public void A_server_that_stops_with_nothing_held_says_nothing_more()
    {
        var refusals = Refusals();
        refusals.OverBound();
        _clock.Advance(TimeSpan.FromMinutes(1));
        refusals.Dispose();
        Assert.Single(Said);
    }

    [Fact]
    public void An_accept_that_fails_is_said_with_its_error()
    {
        using var refusals = Refusals();
        refusals.AcceptFailed(new OutOfMemoryException("Insufficient memory to continue the execution of the program."));
        Assert.Contains("1 as accepting failed (OutOfMemoryException: Insufficient memory to continue the execution of the program.); " +
            "the listener tries again in a moment", Assert.Single(Said), StringComparison.Ordinal);
    }
}
