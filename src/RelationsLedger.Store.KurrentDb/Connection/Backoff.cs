namespace RelationsLedger.Store.KurrentDb.Connection;

/// <summary>
/// How long to wait before the next attempt after <c>failures</c> failures in a row: doubling from
/// <see cref="Initial"/> up to <see cref="Max"/>, with jitter so many clients do not return together.
/// </summary>
internal sealed record Backoff(TimeSpan Initial, TimeSpan Max)
{
    public static Backoff Default { get; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    /// <param name="failures">Failures so far, from 0.</param>
    /// <param name="jitter">A number from 0 to 1: the delay is between half and all of the full step.</param>
    public TimeSpan Delay(int failures, double jitter)
    {
        var step = Math.Min(Max.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures, 0, 30)));
        return TimeSpan.FromMilliseconds(step * (0.5 + 0.5 * Math.Clamp(jitter, 0, 1)));
    }
}
