using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Time;

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
            var (at, now) = (Moment(l.Ticks), Moment(nowTicks));
            var behind = TimeSpan.FromTicks(l.Ticks - nowTicks);
            throw new StoreUnavailableException(
                $"Cannot record into the store {path}: its last event (position {l.Position}) is recorded at {at}, {Durations.Text(behind)} " +
                $"after the clock of this machine ({now}). The store stamps each event no earlier than the one before it, so an event recorded now would read " +
                $"as recorded at {at}, unknown to every question as known at a moment before then. Either the clock of this machine is wrong (set it right), " +
                "or that recorded time was changed in the file (ledger verify names it). Nothing was recorded.") { ClockBehindBy = behind };
        }
        return Math.Max(nowTicks, l.Ticks);
    }

    private static string Moment(long ticks) => Moments.Text(new DateTimeOffset(ticks, TimeSpan.Zero));
}
