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
}
