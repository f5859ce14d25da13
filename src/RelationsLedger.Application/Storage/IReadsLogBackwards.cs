namespace RelationsLedger.Application.Storage;

/// <summary>
/// A store that reads its global log backwards from a position (KurrentDB), so that the last event before a point costs
/// what lies between them, not the log from its start. Asked on a refusal's path that a client may repeat in a loop
/// (a feed checkpoint whose event was removed): each repeat read the whole log before it, on a log of 10^5 events and more.
/// </summary>
public interface IReadsLogBackwards
{
    /// <summary>
    /// The last event strictly before <paramref name="position"/> that <paramref name="filter"/> lets through (null when
    /// none is), and whether the log can be read back from there at all: on KurrentDB it cannot from a position inside an
    /// event's record the server still holds — a position at which no event ever started. The server reads back from a
    /// position whose event its scavenge took out (the next event's place in the scavenged chunk).
    /// </summary>
    Task<(bool FromThere, RecordedEvent? Last)> LastBeforeAsync(GlobalPosition position, StreamFilter filter, CancellationToken ct = default);
}
