namespace RelationsLedger.Testing;

/// <summary>
/// A clock the test sets: it follows the system clock until it is set or advanced, then stays where it
/// was put. The store stamps recorded-at times from it; validators read "today" from it.
/// </summary>
/// <remarks>
/// Its timers (<see cref="CreateTimer"/>: what a once-a-minute log line waits on) run on this clock alone: one fires when the
/// clock is set or advanced to its time or past it, on the thread that moved the clock, before that call returns — never by
/// itself, however long the test takes (one due now, at its creation or change, waits for the next move too). A test moves the clock and reads what the timer did, with no sleep and no race.
/// </remarks>
public sealed class ManualClock(DateTimeOffset? start = null) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ClockTimer> _timers = [];
    private DateTimeOffset? _now = start;

    public DateTimeOffset Now
    {
        get
        {
            lock (_gate) return _now ?? System.GetUtcNow();
        }
        set
        {
            lock (_gate) _now = value;
            FireDue();
        }
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now = (_now ?? System.GetUtcNow()) + by;
        FireDue();
    }

    /// <summary>A clock that stands at 2026-01-01T00:00:00Z until the test moves it.</summary>
    public static ManualClock Fixed() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ClockTimer(this, callback, state);
        lock (_gate) _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Runs each timer whose time has come, outside the clock's lock (a callback may read the clock or change its timer).</summary>
    private void FireDue()
    {
        while (true)
        {
            ClockTimer? due;
            lock (_gate)
            {
                var now = _now ?? System.GetUtcNow();
                due = _timers.Where(t => t.Due <= now).MinBy(t => t.Due);
                if (due is null) return;
                // A periodic timer comes again a period after the time it was due; a one-off one waits for its next Change.
                due.Due = due.Period == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : due.Due + due.Period;
            }
            due.Callback(due.State);
        }
    }

    private sealed class ClockTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        /// <summary>When it fires next (under the clock's lock); <see cref="DateTimeOffset.MaxValue"/> when it is stopped.</summary>
        public DateTimeOffset Due { get; set; } = DateTimeOffset.MaxValue;

        public TimeSpan Period { get; private set; } = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                if (!clock._timers.Contains(this)) return false;
                Period = period <= TimeSpan.Zero ? Timeout.InfiniteTimeSpan : period;
                Due = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : (clock._now ?? System.GetUtcNow()) + dueTime;
            }
            return true;
        }

        public void Dispose()
        {
            lock (clock._gate) clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
