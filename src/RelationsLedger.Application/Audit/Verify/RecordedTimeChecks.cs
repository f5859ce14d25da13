using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Verify;

/// <summary>
/// What an event's recorded times show beside its stream's chain, for <c>verify</c> and for the digest, which is not taken
/// of a ledger that does not verify: the store's clock never runs backwards along the global log (docs/events.md), and no
/// working clock gave a time in the future.
/// </summary>
public static class RecordedTimeChecks
{
    /// <param name="before">The event before it in the global log; null when the log is not read whole (one relationship).</param>
    public static ChainFinding? Check(ChainLink link, ChainLink? before, DateTimeOffset now)
    {
        if (before is not null && Backwards(link.StoredAt, before.Position, before.StoredAt) is { } backwards)
            return ChainFinding.Of(TamperKind.Altered, link, backwards);
        return Ahead(link, now);
    }

    /// <summary>
    /// Why <paramref name="storedAt"/> cannot follow the event at <paramref name="beforePosition"/>, stored at
    /// <paramref name="beforeStoredAt"/>, in one log; null when it can. Also the import's words for such a line of an export.
    /// </summary>
    public static string? Backwards(DateTimeOffset storedAt, GlobalPosition beforePosition, DateTimeOffset beforeStoredAt) =>
        storedAt < beforeStoredAt
            ? $"stored at {storedAt:O}, earlier than position {beforePosition} before it ({beforeStoredAt:O}): a stored time was changed"
            : null;

    /// <summary>
    /// An event recorded (by the store, or originally) later than <paramref name="now"/> by more than
    /// <see cref="RecordedTimes.AheadOfClock"/>, named; null for any other. What nothing follows — the log's last event, a
    /// stream's last — cannot run backwards from it, and the embedded store would stamp every later event with its time.
    /// </summary>
    public static ChainFinding? Ahead(ChainLink link, DateTimeOffset now)
    {
        var recorded = link.StoredAt > link.RecordedAt ? link.StoredAt : link.RecordedAt;
        return recorded - now <= RecordedTimes.AheadOfClock ? null : ChainFinding.Of(TamperKind.Altered, link,
            $"recorded at {recorded:O}, after the clock of this verification ({now:O}) by more than {RecordedTimes.AheadOfClock.TotalMinutes:0} minutes: " +
            "a recorded time was changed, or the clock of the store that appended it was wrong, or the clock of this machine is behind (compare it " +
            "with a reliable clock before trusting this finding)");
    }
}
