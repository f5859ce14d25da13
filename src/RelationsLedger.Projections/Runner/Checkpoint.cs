using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// Where a projection stands: the last event applied (<paramref name="Position"/>, and which event that was:
/// <paramref name="Last"/>), how many, and the event it failed on, if any.
/// </summary>
public sealed record Checkpoint(
    string Projection, int Version, GlobalPosition? Position, long EventsApplied, DateTimeOffset? UpdatedAt, ProjectionFailure? Failure,
    AppliedEvent? Last = null);

/// <summary>
/// The last event a read model applied, by its place in its stream. A position alone names no event: an older
/// copy of the store, written to since, gives the same positions to other events. Before a read model goes on
/// from its checkpoint, this event must still be at its place in its stream and at its position in the log (<see cref="LedgerBinding.LostAsync"/>).
/// </summary>
public sealed record AppliedEvent(Guid EventId, string Stream, ulong Revision)
{
    public static AppliedEvent Of(RecordedEvent e) => new(e.EventId, e.Stream, e.Revision);
}
