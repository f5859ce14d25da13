using System.Globalization;
using Microsoft.Extensions.Logging;

namespace RelationsLedger.Api.Hosting.Connections;

/// <summary>
/// Says that the server refuses connections and why, in one warning a minute at most (<see cref="RepeatedConditionLog"/>): a
/// flood is refused as fast as it comes (thousands a second), and a line for each — Kestrel's own warning, before round 49 — is
/// a second flood, into the log. Each line counts what was refused since the last and tells each cause apart; what a flood
/// refused after its first line is said when the minute ends, even if the flood ended before it, and when the server stops.
/// </summary>
internal sealed class RefusedConnections : IDisposable
{
    private readonly ILogger _log;
    private readonly ConnectionBound _bound;
    private readonly RepeatedConditionLog _lines;
    private long _overBound, _failed; // since the last line, under the lines' lock
    private string? _failure;

    public RefusedConnections(ILogger log, ConnectionBound bound, TimeProvider time) =>
        (_log, _bound, _lines) = (log, bound, new RepeatedConditionLog(time, Say));

    /// <summary>Closed as soon as accepted: <see cref="ApiOptions.MaxConnections"/> were held.</summary>
    public void OverBound() => _lines.Occurred(() => _overBound++);

    /// <summary>An accept failed otherwise (an OutOfMemoryException when the runtime itself could not open a file, say).</summary>
    public void AcceptFailed(Exception error) => _lines.Occurred(() => (_failed, _failure) = (_failed + 1, $"{error.GetType().Name}: {error.Message}"));

    /// <summary>The server stops: the refusals not yet said are.</summary>
    public void Dispose() => _lines.Dispose();

    private void Say(ConditionLine line)
    {
        var why = new List<string>(2);
        if (_overBound > 0)
            why.Add($"{_overBound} as {_bound.Max} were held, the most Api:MaxConnections allows (each holds a file descriptor)");
        if (_failed > 0)
            why.Add($"{_failed} as accepting failed ({_failure}); the listener tries again in a moment");
        // The held line says when the last was refused: a flood that ended before the minute did is seen to have ended.
        _log.LogWarning("Refusing connections: {Refused} since {Since:HH:mm:ss} UTC{Last}, each closed as soon as it was accepted — {Why}. " +
            "Connections already held are served. (Said at most once a minute while it lasts.)",
            line.Held, line.HeldSince, line.Kind == ConditionLineKind.Held ? string.Create(CultureInfo.InvariantCulture, $", the last at {line.Last:HH:mm:ss} UTC") : "", string.Join("; ", why));
        (_overBound, _failed, _failure) = (0, 0, null);
    }
}
