namespace RelationsLedger.Api.Hosting;

/// <summary>
/// One condition that repeats — the store away (<see cref="StoreOutage"/>), another ledger on it (<see cref="AnotherLedgerLog"/>),
/// connections refused (<see cref="Connections.RefusedConnections"/>) — said in the server's log at most once an
/// <see cref="Interval"/>, however often it happens, and nothing of it lost. The first occurrence is said at once; the ones after
/// it are counted, and what was counted is said when the interval ends, even if nothing else happens (a flood of refused
/// connections that lasted 30 s is said at once and again at the minute, with its count); an interval with nothing counted ends
/// the run of lines, and the next occurrence is said at once again. A condition that has an end (the store answers again) says
/// it, with the count since its start; one that lasts until it ends (<see cref="Begin"/>) is said every interval while it does;
/// what is counted when the server stops is said then (<see cref="Dispose"/>). Before round 50 each of the three did this its own
/// way, and the refused connections' and the other ledger's counts were said only when the next occurrence came after the
/// minute: a 30-second flood of thousands of refused connections left one line saying 1.
/// </summary>
/// <remarks>
/// One timer of <see cref="TimeProvider"/> per condition, armed while the lines run (no thread of its own); the owner's
/// <paramref name="say"/> writes a line, and is called under this log's lock — so that lines come in order, and the owner's own
/// tally of what it tells apart (<see cref="Occurred"/>'s note) is read and reset with the count. The owner's say must not call
/// back into this log.
/// </remarks>
public sealed class RepeatedConditionLog : IDisposable
{
    /// <summary>The most often a condition is said: once a minute.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly Action<ConditionLine> _say;
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private bool _on, _lasts, _running, _stopped;
    private long _total, _held;
    private DateTimeOffset _since, _heldSince, _last;

    public RepeatedConditionLog(TimeProvider time, Action<ConditionLine> say)
    {
        (_time, _say) = (time, say);
        // Made once and armed while lines run. Not with the caller's execution context (a request's, whichever first told of it).
        using (ExecutionContext.IsFlowSuppressed() ? default(AsyncFlowControl?) : ExecutionContext.SuppressFlow())
            _timer = time.CreateTimer(_ => IntervalEnded(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// One occurrence: said at once when the log has been quiet for an interval (<see cref="ConditionLineKind.First"/> the first
    /// time, then <see cref="ConditionLineKind.Again"/>), else counted, to be said when the interval ends. <paramref name="note"/>
    /// runs under the lock first: the owner counts there what its lines tell apart.
    /// </summary>
    public void Occurred(Action? note = null)
    {
        lock (_gate)
        {
            if (!Count(note)) return;
            if (_running) return;
            var first = !_on;
            if (first) (_on, _since) = (true, _heldSince);
            Say(first ? ConditionLineKind.First : ConditionLineKind.Again);
            Run();
        }
    }

    /// <summary>One occurrence, only counted (said with the next line): one the owner has not yet judged the condition's start.</summary>
    public void Counted(Action? note = null)
    {
        lock (_gate) Count(note);
    }

    /// <summary>
    /// The condition starts, as of <paramref name="since"/> (the store, probed, does not answer): said at once, with what was
    /// counted before; then said every interval until <see cref="End"/>, counted or not.
    /// </summary>
    public void Begin(DateTimeOffset since)
    {
        lock (_gate)
        {
            if (_stopped) return;
            (_on, _lasts, _since) = (true, true, since);
            Say(ConditionLineKind.First);
            Run();
        }
    }

    /// <summary>The condition ended (the store answers again): said, with the count since its start, and everything forgotten.</summary>
    public void End()
    {
        lock (_gate)
        {
            if (_stopped || !_on) return;
            Say(ConditionLineKind.Ended);
            Forget();
        }
    }

    /// <summary>What was counted is forgotten, unsaid: it was not the condition (the first probe answered: a failover, not an outage).</summary>
    public void Forget()
    {
        lock (_gate)
        {
            if (_stopped) return; // its timer is gone (a probe that answered as the server stopped)
            (_on, _lasts, _running, _total, _held) = (false, false, false, 0, 0);
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The server stops: what was counted since the last line is said now; nothing is counted or said after.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopped) return;
            if (_on && _held > 0) Say(ConditionLineKind.Held);
            _stopped = true;
            _timer.Dispose();
        }
    }

    private bool Count(Action? note)
    {
        if (_stopped) return false;
        var now = _time.GetUtcNow();
        note?.Invoke();
        if (_held++ == 0) _heldSince = now;
        (_total, _last) = (_total + 1, now);
        return true;
    }

    private void IntervalEnded()
    {
        lock (_gate)
        {
            if (_stopped || !_running) return;
            if (_held == 0 && !_lasts)
            {
                _running = false; // a quiet interval: the next occurrence is said at once
                return;
            }
            Say(ConditionLineKind.Held);
            Run();
        }
    }

    private void Run()
    {
        _running = true;
        _timer.Change(Interval, Timeout.InfiniteTimeSpan);
    }

    private void Say(ConditionLineKind kind)
    {
        _say(new ConditionLine(kind, _time.GetUtcNow(), _since, _total, _heldSince, _held, _last));
        _held = 0;
    }
}

/// <summary>Which line of a <see cref="RepeatedConditionLog"/> is said.</summary>
public enum ConditionLineKind
{
    /// <summary>The condition's first occurrence, or its start (<see cref="RepeatedConditionLog.Begin"/>).</summary>
    First,

    /// <summary>An occurrence after an interval with none, the condition known since <see cref="ConditionLine.Since"/>.</summary>
    Again,

    /// <summary>An interval's end, or the server stopping, with what was counted since the last line.</summary>
    Held,

    /// <summary>The condition ended (<see cref="RepeatedConditionLog.End"/>).</summary>
    Ended,
}

/// <summary>
/// A line's figures: <see cref="Total"/> occurrences since the condition started (<see cref="Since"/>), of which
/// <see cref="Held"/> since the last line (the first of them at <see cref="HeldSince"/>, the last at <see cref="Last"/>).
/// </summary>
public readonly record struct ConditionLine(ConditionLineKind Kind, DateTimeOffset At, DateTimeOffset Since, long Total, DateTimeOffset HeldSince, long Held, DateTimeOffset Last);
