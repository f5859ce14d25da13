using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// A projection could not apply an event. Everything before the event is committed; the
/// checkpoint stays just before it, so the next run starts with this event once it is fixed.
/// </summary>
public sealed class ProjectionFailedException(string projection, RecordedEvent e, Exception inner)
    : Exception($"Projection '{projection}' stopped at event {e.EventId} ({e.Type}) in stream '{e.Stream}' at position {e.Position}: {inner.Message}", inner)
{
    public string Projection { get; } = projection;
    public Guid EventId { get; } = e.EventId;
    public string Stream { get; } = e.Stream;
    public GlobalPosition Position { get; } = e.Position;

    public ProjectionFailure ToFailure() => new(EventId, Stream, Position.ToString(), InnerException?.Message ?? Message);
}
