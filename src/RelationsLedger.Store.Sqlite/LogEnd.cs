using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// Where the log ends as a group's transaction finds it under the write lock: its last event (position, recorded time in UTC
/// ticks; null: none) and the counter of positions the store has given out (<c>sqlite_sequence</c>).
/// </summary>
internal readonly record struct LogEnd((long Position, long Ticks)? Last, long Counter)
{
    /// <summary>
    /// Refuses to append to a log whose counter is past its last event: the store gives out each position once and takes none
    /// back (a refused or failed append gives back what it took with its transaction), so the events at the positions after the
    /// last row were deleted from the file. Appending would record over the loss — the new event's position after the gap, its
    /// stream's next revision the one a deleted event had, when the deleted rows were its stream's last — where a process that
    /// has read the lost events refuses (<see cref="HighWaterMark"/>), but a new one (<c>ledger record</c>) did not look: it
    /// recorded, exit 0, and only <c>verify</c> said afterwards what was gone (round 66). Refused as tampering, in
    /// <c>verify</c>'s words: exit 5, 409 ledger-tampered.
    /// </summary>
    public void RefuseDeletedEnd(string path)
    {
        var last = Last?.Position ?? 0;
        if (Counter <= last) return;
        var deleted = SqliteEventStore.DeletedFromLog(last + 1, Counter, Counter);
        throw new LedgerTamperedException(
            $"Cannot record into the store {path}: its counter of positions (sqlite_sequence) is at {Counter}, but its last event is " +
            $"{(Last is null ? "none (it holds no event)" : $"at position {last}")}: the log's last {Counter - last} event(s) were deleted from " +
            "the file (rows deleted, or the file changed outside the ledger). Nothing was recorded: an append would record over the loss. " +
            "'ledger verify' names what is missing; put the file back from a backup that holds those events.", [ChainFinding.Of(deleted)]);
    }
}
