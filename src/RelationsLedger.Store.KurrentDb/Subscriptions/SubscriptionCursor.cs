using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb.Subscriptions;

/// <summary>
/// Where a catch-up subscription stands: the furthest position it has delivered or that the server
/// has confirmed scanning (a checkpoint). A reconnect resumes from there, and anything the server
/// sends again at or before it is dropped, so the subscriber never sees an event twice nor misses one.
/// </summary>
internal sealed class SubscriptionCursor(GlobalPosition? after, StreamFilter filter)
{
    /// <summary>Null: from the start of $all.</summary>
    public GlobalPosition? ResumeFrom { get; private set; } = after;

    /// <summary>Whether to deliver <paramref name="e"/>; moves the cursor past it either way.</summary>
    public bool Accept(RecordedEvent e)
    {
        if (ResumeFrom is { } seen && e.Position <= seen) return false;
        ResumeFrom = e.Position;
        // The server filters already; this keeps the port's promise even if a server filtered less.
        return filter.Matches(e.Stream);
    }

    /// <summary>The server has scanned $all up to <paramref name="position"/> and sent everything matching before it.</summary>
    public void Checkpoint(GlobalPosition position)
    {
        if (ResumeFrom is not { } seen || position > seen) ResumeFrom = position;
    }
}
