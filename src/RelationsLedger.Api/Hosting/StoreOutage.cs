using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// Whether the event store is away, for the server as a whole: told of each failure to reach it (a page, a question, a command,
/// an event stream's subscription), it says so in the log once when the outage starts, then once a minute while it lasts with
/// how many calls failed since its start, once when the store answers again (how long it was away), and, if calls failed since
/// the last line, when the server stops (<see cref="RepeatedConditionLog"/>) — each failure's own stack is logged at Debug only.
/// Before round 45 each failed request logged its full stack at Error: five consumers polling a stopped node wrote thousands of
/// lines a minute (docs/performance.md, round 45). Event streams wait on <see cref="ChangedAsync"/> to tell their consumers
/// (docs/api.md, "Live").
/// </summary>
/// <remarks>
/// A failure starts an outage only once a probe of the store (<see cref="IEventStore.ProbeAsync"/>) fails too: a subscription
/// dropped by a leader failover, or one waiting for a follower to catch up, is answered by the next probe, and is not called an
/// outage. While one lasts, the store is probed every <see cref="ProbeInterval"/>; the first probe answered ends it. Requests
/// answered 503 for a failure that proved no outage are said apart, at Warning (<see cref="AnsweredFailureLog"/>).
/// </remarks>
public sealed class StoreOutage : IDisposable
{
    private readonly IEventStore _store;
    private readonly ILogger<StoreOutage> _log;
    private readonly TimeProvider _time;
    private readonly RepeatedConditionLog _lines;
    private readonly AnsweredFailureLog? _answered;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = NewChange();
    private Task? _watching;
    private (string What, string Why) _first; // the outage's first failure, which its first line names
    private Unjudged _unjudged; // requests answered 503 since the watch began, not yet judged an outage's

    /// <param name="answered">Told of the requests answered 503 for a failure the probe then judged no outage (none: not said).</param>
    /// <param name="options">The server's settings: how often the store is probed while it is away (Api:StoreProbeSeconds; none: every second).</param>
    public StoreOutage(IEventStore store, ILogger<StoreOutage> log, TimeProvider time, AnsweredFailureLog? answered = null, IOptions<ApiOptions>? options = null)
    {
        (_store, _log, _time, _answered) = (store, log, time, answered);
        ProbeInterval = options?.Value.StoreProbe ?? new ApiOptions().StoreProbe;
        _lines = new RepeatedConditionLog(time, Say);
        if (store is ISaysSubscriptionDrops drops) drops.SubscriptionDropped += e => Failed(e, "An event subscription");
    }

    /// <summary>How often the log says again that the store is still away, and an event stream's consumer is told so again.</summary>
    public static TimeSpan ReminderInterval => RepeatedConditionLog.Interval;

    /// <summary>How often the store is probed while it is away: this server's Api:StoreProbeSeconds.</summary>
    public TimeSpan ProbeInterval { get; }

    /// <summary>When the current outage started (its first failure), or null while the store answers.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>Completes when an outage starts or ends.</summary>
    public Task ChangedAsync(CancellationToken ct)
    {
        lock (_gate) return _changed.Task.WaitAsync(ct);
    }

    /// <summary>
    /// A call to the store failed because it could not be reached (<paramref name="what"/> says which, as "A page of the feed").
    /// The first one is checked with a probe; while an outage lasts each is only counted. <paramref name="answered503"/>: a request
    /// was answered 503 for it — said at Warning if the probe answers (<see cref="AnsweredFailureLog"/>), counted in the outage if not.
    /// </summary>
    public void Failed(Exception e, string what, bool answered503 = false)
    {
        _log.LogDebug(e, "{What} failed: the event store could not be reached", what);
        var failedAt = _time.GetUtcNow();
        _lines.Counted();
        lock (_gate)
        {
            // While an outage lasts none is kept: its lines count them.
            if (answered503 && Since is null)
                _unjudged = _unjudged.And(what, e.Message);
            if (_watching is not null || _stopping.IsCancellationRequested) return;
            _watching = Task.Run(() => WatchAsync(e, what, failedAt));
        }
    }

    private async Task WatchAsync(Exception first, string what, DateTimeOffset failedAt)
    {
        var ct = _stopping.Token;
        var outage = false;
        try
        {
            if (await AnswersAsync(ct)) return; // a failover's dropped connection, a follower catching up: not an outage
            lock (_gate)
            {
                Since = failedAt;
                _unjudged = default; // counted in the outage's lines
                Signal();
            }
            (_first, outage) = ((what, first.Message), true);
            _lines.Begin(failedAt); // said now, then once a minute (the lines' timer) until it ends
            while (!await AnswersAsync(ct)) await Task.Delay(ProbeInterval, ct);
            lock (_gate)
            {
                Since = null;
                Signal();
            }
            _lines.End();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The server is stopping: what failed since the last line is said as the lines are disposed.
        }
        finally
        {
            Unjudged answered;
            lock (_gate)
            {
                if (!outage) _lines.Forget(); // the first probe answered: what failed was not an outage
                answered = outage || ct.IsCancellationRequested ? default : _unjudged;
                _unjudged = default;
                _watching = null;
            }
            // Not an outage, but clients were answered 503: said apart, each counted (outside the lock: the log's own lock is taken).
            for (var i = 0; i < answered.Count; i++)
            {
                var (what503, why) = i == 0 ? answered.First : answered.Last;
                _answered?.Answered(what503, why);
            }
        }
    }

    /// <summary>
    /// Requests answered 503 that a probe has not yet judged: how many, and the first's and the last's words — all that
    /// <see cref="AnsweredFailureLog"/>'s lines say of them (its first line names the first; a minute's line, the last).
    /// </summary>
    private readonly record struct Unjudged(int Count, (string What, string Why) First, (string What, string Why) Last)
    {
        public Unjudged And(string what, string why) => new(Count + 1, Count == 0 ? (what, why) : First, (what, why));
    }

    private void Say(ConditionLine line)
    {
        switch (line.Kind)
        {
            case ConditionLineKind.First:
                _log.LogWarning(
                    "The event store {Store} cannot be reached since {Since:u} ({What}: {Why}). Until it answers, what needs it is answered 503 " +
                    "store-unavailable and event streams wait (they go on by themselves); the store is probed every {Probe} s. Each failure's stack is logged at Debug.",
                    _store.Description, line.Since, _first.What, _first.Why, ProbeInterval.TotalSeconds);
                break;
            case ConditionLineKind.Ended:
                _log.LogWarning("The event store {Store} answers again: it could not be reached for {For} (from {Since:u} to {Until:u}); {Failures} calls to it failed meanwhile.",
                    _store.Description, Duration(line.At - line.Since), line.Since, line.At, line.Total);
                break;
            default:
                _log.LogWarning("The event store {Store} still cannot be reached, for {For} since {Since:u}; {Failures} calls to it failed meanwhile.",
                    _store.Description, Duration(line.At - line.Since), line.Since, line.Total);
                break;
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Health.StoreReachable.Timeout);
        try
        {
            await _store.ProbeAsync(timeout.Token);
            return true;
        }
        catch (StoreUnavailableException e) when (e.IsRefusal)
        {
            // It answered, with a refusal no retry changes (a node wiped under the server holds another ledger): not an outage,
            // said by each call it refuses. Before, the probe took it for the store still away and the outage never ended.
            _log.LogDebug(e, "A probe of the event store was answered with a refusal");
            return true;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _log.LogDebug(e, "A probe of the event store failed");
            return false;
        }
    }

    /// <summary>How long the store was away: "8.2 s" under a minute (a failover, a restart), else as every message says a span ("3 minutes").</summary>
    public static string Duration(TimeSpan t) =>
        t < TimeSpan.FromMinutes(1) ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.0} s") : Durations.Text(t);

    private void Signal()
    {
        _changed.TrySetResult();
        _changed = NewChange();
    }

    private static TaskCompletionSource NewChange() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Ends the probing (the server stops) and says what failed since the last line; the token source is left to the collector,
    /// as a probe may still hold its token.
    /// </summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _lines.Dispose();
    }
}
