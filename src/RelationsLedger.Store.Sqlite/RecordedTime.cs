using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// The time the store stamps on the events it appends: the clock's, but never earlier than the log's last event, so that
/// recorded times never run backwards along the log ("as known at T" holds a prefix of the log). A clock stepped back a
/// little (NTP, a VM resumed) is absorbed so. A last event recorded further ahead of the clock than
/// <see cref="RecordedTimes.AheadOfClock"/> is refused instead: every later event would be stamped with its time, and every "as known at"
/// question before then would not know them — the clock was wrong when it was written, or its time was changed in the file.
/// </summary>
internal static class RecordedTime
{
    /// <param name="last">The log's last event: position and recorded time (UTC ticks); null for an empty log.</param>
    public static long Next(string path, long nowTicks, (long Position, long Ticks)? last)
    {
        if (last is not { } l) return nowTicks;
        if (l.Ticks - nowTicks > RecordedTimes.AheadOfClock.Ticks)
        {
            var behind = new ClockBehindLog($"the last event of the ledger (position {l.Position})", Moment(l.Ticks), Moment(nowTicks));
            throw new StoreUnavailableException($"Cannot record into the store {path}: {behind.Text(Here, recording: true, "record again", "the store file")}")
                { ClockBehind = behind };
        }
        return Math.Max(nowTicks, l.Ticks);
    }

    private const string Here = "this machine";

    private static DateTimeOffset Moment(long ticks) => new(ticks, TimeSpan.Zero);
}
