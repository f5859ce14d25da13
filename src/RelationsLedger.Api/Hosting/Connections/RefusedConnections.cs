using Microsoft.Extensions.Logging;

namespace RelationsLedger.Api.Hosting.Connections;

/// <summary>
/// Says that the server refuses connections and why, in one warning a minute at most: a flood is refused as fast as it comes
/// (thousands a second), and a line for each — Kestrel's own warning, before round 49 — is a second flood, into the log.
/// Each line counts what was refused since the last and tells each cause apart.
/// </summary>
internal sealed class RefusedConnections(ILogger log, ConnectionBound bound, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private long _overBound, _failed;
    private string? _failure;
    private DateTimeOffset _since;
    private DateTimeOffset? _saidAt;

    /// <summary>Closed as soon as accepted: <see cref="ApiOptions.MaxConnections"/> were held.</summary>
    public void OverBound() => Count(ref _overBound, null);

    /// <summary>An accept failed otherwise (an OutOfMemoryException when the runtime itself could not open a file, say).</summary>
    public void AcceptFailed(Exception error) => Count(ref _failed, $"{error.GetType().Name}: {error.Message}");

    private void Count(ref long counter, string? failure)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_overBound + _failed == 0) _since = now;
            counter++;
            _failure = failure ?? _failure;
            if (_saidAt is { } said && now - said < Interval) return;
            Say();
            _saidAt = now;
            (_overBound, _failed, _failure) = (0, 0, null);
        }
    }

    private void Say()
    {
        var why = new List<string>(2);
        if (_overBound > 0)
            why.Add($"{_overBound} as {bound.Max} were held, the most Api:MaxConnections allows (each holds a file descriptor)");
        if (_failed > 0)
            why.Add($"{_failed} as accepting failed ({_failure}); the listener tries again in a moment");
        log.LogWarning("Refusing connections: {Refused} since {Since:HH:mm:ss} UTC, each closed as soon as it was accepted — {Why}. " +
            "Connections already held are served. (Said at most once a minute while it lasts.)",
            _overBound + _failed, _since, string.Join("; ", why));
    }
}
