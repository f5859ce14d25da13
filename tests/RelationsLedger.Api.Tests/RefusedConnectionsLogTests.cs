using RelationsLedger.Api.Hosting.Connections;
using RelationsLedger.Testing;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A flood is refused as fast as it comes: before round 49 Kestrel wrote a warning for each connection it refused, a second
/// flood into the log. The server says it once a minute at most, counting what it refused since and telling the causes apart.
/// </summary>
public sealed class RefusedConnectionsLogTests
{
    private readonly ManualClock _clock = ManualClock.Fixed();
    private readonly CapturedLog _log = new();

    private RefusedConnections Refusals() => new(_log.CreateLogger("refusals"), new ConnectionBound(1000), _clock);

    private string[] Said => [.. _log.Lines.Where(l => l.Contains("Refusing connections:", StringComparison.Ordinal))];

    [Fact]
    public void The_first_refusal_is_said_at_once_and_the_next_ones_a_minute_later_counted_together()
    {
        var refusals = Refusals();
        refusals.OverBound();
        Assert.Single(Said);
        Assert.Contains("Refusing connections: 1 since 00:00:00 UTC", Said[0], StringComparison.Ordinal);
        Assert.Contains("1 as 1000 were held, the most Api:MaxConnections allows", Said[0], StringComparison.Ordinal);

        for (var i = 0; i < 5000; i++) refusals.OverBound();
        _clock.Advance(TimeSpan.FromSeconds(59));
        refusals.AcceptFailed(new OutOfMemoryException("Insufficient memory."));
        Assert.Single(Said); // 5,001 refusals within the minute: still one line

        _clock.Advance(TimeSpan.FromSeconds(1));
        refusals.OverBound();
        Assert.Equal(2, Said.Length);
        Assert.Contains("Refusing connections: 5002 since 00:00:00 UTC", Said[1], StringComparison.Ordinal);
        Assert.Contains("5001 as 1000 were held", Said[1], StringComparison.Ordinal);
        Assert.Contains("1 as accepting failed (OutOfMemoryException: Insufficient memory.)", Said[1], StringComparison.Ordinal);
    }

    [Fact]
    public void An_accept_that_fails_is_said_with_its_error()
    {
        Refusals().AcceptFailed(new OutOfMemoryException("Insufficient memory to continue the execution of the program."));
        Assert.Contains("1 as accepting failed (OutOfMemoryException: Insufficient memory to continue the execution of the program.); " +
            "the listener tries again in a moment", Assert.Single(Said), StringComparison.Ordinal);
    }
}
