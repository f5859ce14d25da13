namespace RelationsLedger.Application.Storage;

/// <summary>
/// A recorded time later than the clock of whoever reads it (by more than <see cref="AheadOfClock"/>) was not given by a
/// working clock at the time of recording: the clock was wrong then, or the time was changed since. The margin is for
/// clocks that disagree a little (a KurrentDB server's and the verifier's, a clock stepped back by NTP).
/// </summary>
public static class RecordedTimes
{
    public static readonly TimeSpan AheadOfClock = TimeSpan.FromMinutes(10);
}
