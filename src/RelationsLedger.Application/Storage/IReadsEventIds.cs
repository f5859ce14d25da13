namespace RelationsLedger.Application.Storage;

/// <summary>
/// A store that reads which event is at a stream's revision, and where in the global log, without reading the event, and
/// hides no recorded event from stream reads (<see cref="HiddenStream"/>). A read model's catch-up compares both, before
/// every question, to tell that its checkpoint still stands on this log; the embedded store reads them from the
/// (stream, revision) index alone.
/// </summary>
public interface IReadsEventIds
{
    /// <summary>The id and global position of the event at <paramref name="revision"/> of <paramref name="stream"/>, or null when the stream holds none there.</summary>
    ValueTask<(Guid EventId, GlobalPosition Position)?> EventAtAsync(string stream, ulong revision, CancellationToken ct = default);

    /// <summary>
    /// <see cref="EventAtAsync"/>, and whether the global log holds an event of <paramref name="following"/> after
    /// <paramref name="after"/>, in one read of the log as of one moment: a question's catch-up asks both before every question
    /// (its checkpoint's event still there, and nothing after it), and two reads paid the store's open twice.
    /// </summary>
    ValueTask<((Guid EventId, GlobalPosition Position)? At, bool AnyAfter)> EventAtAndAnyAfterAsync(string stream, ulong revision, GlobalPosition after,
        StreamFilter following, CancellationToken ct = default);
}
