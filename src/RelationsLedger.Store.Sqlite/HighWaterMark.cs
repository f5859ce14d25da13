using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// The highest global position this store has recorded or read: once given out (to a command's caller, a feed,
/// a read model's checkpoint) a position names that event for good. A file that ends before it has lost events
/// this process saw — an older copy put in the store's place — and appending to it would give those positions
/// to other events, which a downstream service resuming from its checkpoint would silently skip.
/// </summary>
internal sealed class HighWaterMark
{
    private long _position;

    public long Position => Volatile.Read(ref _position);

    public void Note(GlobalPosition position)
    {
        var p = (long)Math.Min(position.Commit, long.MaxValue);
        var known = Volatile.Read(ref _position);
        while (p > known)
        {
            var seen = Interlocked.CompareExchange(ref _position, p, known);
            if (seen == known) return;
            known = seen;
        }
    }

    /// <summary>Throws when the file at <paramref name="path"/>, ending at <paramref name="head"/>, ends before this mark.</summary>
    public void RefuseEarlierEnd(string path, long? head, string consequence = "")
    {
        var mark = Position;
        if (mark == 0 || (head ?? 0) >= mark) return;
        throw new StoreUnavailableException(
            $"The store file {path} now ends at {(head is { } h ? $"position {h}" : "no position (its log is empty)")}, before position {mark} " +
            $"that this process has recorded or read: events were removed from it (an older copy put in its place?).{consequence} " +
            "Put the file back, or restart the ledger to take the file as it is now.");
    }
}
