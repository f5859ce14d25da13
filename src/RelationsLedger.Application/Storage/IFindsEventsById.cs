namespace RelationsLedger.Application.Storage;

/// <summary>
/// A store that finds recorded events by id through an index, without reading its log. The embedded store
/// has one (event ids are unique there); KurrentDB does not (an id is known only within its stream), so a
/// caller that must know whether ids are recorded anywhere reads the log there instead.
/// </summary>
public interface IFindsEventsById
{
    /// <summary>The recorded events among <paramref name="eventIds"/>, in any stream, in no particular order; ids not recorded are left out.</summary>
    IAsyncEnumerable<RecordedEvent> FindEventsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken ct = default);
}
