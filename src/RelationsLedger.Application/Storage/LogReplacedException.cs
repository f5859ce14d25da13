namespace RelationsLedger.Application.Storage;

/// <summary>
/// A subscription found, on connecting again, that the store's global log is no longer the one it was reading: the
/// event it stands on (the last it delivered, or the one it was asked to start after) is not at its position any more —
/// a KurrentDB node reset or replaced by another, a store put back from another copy. Going on would deliver another
/// history's events as if they followed, and skip those at positions it had passed; it ends instead, and a reader
/// that resumes from its checkpoint is told the checkpoint names no event of this log.
/// </summary>
public sealed class LogReplacedException(string store, GlobalPosition position, Guid eventId, RecordedEvent? now)
    : Exception($"The global log of {store} is no longer the one this subscription was reading: the event it stands on ({eventId:D}, at {position}) " +
        $"is not there any more ({(now is null ? "no event is at that position" : $"event {now.EventId:D} of {now.Stream} is")}) — a node reset or replaced, " +
        "or the store put back from another copy. The subscription ended rather than go on in another history.")
{
    public GlobalPosition Position { get; } = position;
}
