using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// The event a live subscription stands on — the one it was asked to start after, then each it delivers — checked at
/// every look at the file. A position alone does not tell another history: a file put back from a backup and recorded
/// into since by another process holds other events at the positions after the backup's end, and a subscription that
/// read on from its position would deliver them as if they followed, and never the ones at the positions it had passed.
/// Each look reads from the standing position inclusively, in one statement, so the event there and those after it
/// come from one snapshot of one file.
/// </summary>
/// <param name="eventThere">The event the caller saw at <paramref name="after"/>, which the first look must find there; null: not known.</param>
internal sealed class StandingEvent(string store, GlobalPosition? after, Guid? eventThere = null)
{
    /// <summary>
    /// Where to read from, inclusively; null: the start of the log (no event stands there). This store's positions are one
    /// number, its commit, as its reads after a position compare it.
    /// </summary>
    public GlobalPosition? Position { get; private set; } = after is { Commit: > 0 } a ? GlobalPosition.Of(a.Commit) : null;

    /// <summary>Null until the subscription has met the event at <see cref="Position"/>, unless its caller had seen it there.</summary>
    private Guid? _eventId = after is { Commit: > 0 } ? eventThere : null;

    private bool _metThisLook;

    /// <summary>A new look at the file begins.</summary>
    public void Look() => _metThisLook = false;

    /// <summary>
    /// Whether <paramref name="e"/>, read in order from <see cref="Position"/>, is one to deliver: not when it is the event
    /// the subscription stands on. Throws <see cref="LogReplacedException"/> when another event is at that position, or
    /// none where the log goes past it. A log that no longer reaches it (an older copy, not recorded past it) is told by
    /// <see cref="ReadNothing"/>.
    /// </summary>
    public bool IsNew(RecordedEvent e)
    {
        if (Position is not { } standing || e.Position > standing && _metThisLook) return true;
        if (e.Position == standing)
        {
            if (_eventId is { } id && id != e.EventId) throw new LogReplacedException($"SQLite file {store}", standing, id, e);
            (_eventId, _metThisLook) = (e.EventId, true);
            return false;
        }
        // Past it, with no event at it: another history — unless the subscription was asked to start where no event
        // ever was (it then stands on the first one it delivers).
        if (_eventId is { } was) throw new LogReplacedException($"SQLite file {store}", standing, was, null);
        return true;
    }

    /// <summary>
    /// A look that read no row — none at <see cref="Position"/>, where the event the subscription stands on was, and none
    /// after it that it reads: throws <see cref="LogReplacedException"/> once it has met that event. This store's log never
    /// shrinks (each position is given out once, and nothing the ledger does takes a row away), so the file at the path is an
    /// older copy put back, or the event's row was deleted: either way not the history the stream's client read. Before, such
    /// a stream waited, sending only heartbeats, as for a log that has not reached a position yet (a KurrentDB follower after a
    /// failover, which does catch up): its client could not tell it from an idle log, while a reconnect with its checkpoint was
    /// refused at once as beyond the end. Not met yet (asked to start where no event ever was), it waits as before.
    /// </summary>
    public void ReadNothing()
    {
        if (_eventId is { } was) throw new LogReplacedException($"SQLite file {store}", Position!.Value, was, null);
    }

    /// <summary>The subscription delivered <paramref name="e"/>: it stands on it now.</summary>
    public void MoveTo(RecordedEvent e) => (Position, _eventId, _metThisLook) = (e.Position, e.EventId, true);
}
