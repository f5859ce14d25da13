namespace RelationsLedger.Application.Storage;

/// <summary>
/// A store that reads which event is at a stream's revision without reading the event, and hides no recorded event from
/// stream reads (<see cref="HiddenStream"/>). A read model's catch-up compares that id, before every question, to tell
/// that its checkpoint still stands on this log; the embedded store reads it from the (stream, revision) index alone.
/// </summary>
public interface IReadsEventIds
{
    /// <summary>The id of the event at <paramref name="revision"/> of <paramref name="stream"/>, or null when the stream holds none there.</summary>
    ValueTask<Guid?> EventIdAtAsync(string stream, ulong revision, CancellationToken ct = default);
}
