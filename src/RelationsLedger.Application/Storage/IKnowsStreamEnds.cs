namespace RelationsLedger.Application.Storage;

/// <summary>
/// A store that can tell, without a read, that a stream ends at the event its own writer appended there last: the embedded store
/// while no other connection has committed to its file since, and the file at its path is the one it writes. A read on from a
/// history the process keeps (<see cref="RelationshipRepository.ReadOnAsync"/>), which every command makes before it decides, then
/// needs no query (docs/performance.md, round 31).
/// </summary>
public interface IKnowsStreamEnds
{
    /// <summary>
    /// True when <paramref name="stream"/>'s last event is known to be this store's own append at <paramref name="revision"/>;
    /// false whenever that cannot be told at once (the caller then reads).
    /// </summary>
    bool EndsAt(string stream, ulong revision);
}
