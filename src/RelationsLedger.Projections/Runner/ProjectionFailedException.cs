using Microsoft.Data.Sqlite;
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

    /// <summary>
    /// Whether an error raised while applying an event is that event's to carry. A cancellation is not, nor is a fault of
    /// the place the read model lives (a full disk, a lock): stored against the event, it would stop the projection there
    /// for good; instead the batch is tried again whole once the place is fixed.
    /// </summary>
    public static bool Blames(Exception error) =>
        error is not OperationCanceledException && !(error is SqliteException s && ReadModelFile.IsOfThePlace(s));
}
