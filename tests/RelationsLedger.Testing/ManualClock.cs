namespace RelationsLedger.Testing;

/// <summary>
/// A clock the test sets: it follows the system clock until it is set or advanced, then stays where it
/// was put. The store stamps recorded-at times from it; validators read "today" from it.
/// </summary>
public sealed class ManualClock(DateTimeOffset? start = null) : TimeProvider
{
    private DateTimeOffset? _now = start;

    public DateTimeOffset Now
    {
        get => _now ?? System.GetUtcNow();
        set => _now = value;
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => _now = Now + by;

    /// <summary>A clock that stands at 2026-01-01T00:00:00Z until the test moves it.</summary>
    public static ManualClock Fixed() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
}
