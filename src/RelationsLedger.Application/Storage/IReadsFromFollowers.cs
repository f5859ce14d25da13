namespace RelationsLedger.Application.Storage;

/// <summary>
/// A store whose reads may go to a copy of the log that trails the copy its writes go to (KurrentDB with
/// <c>nodePreference=follower</c>, <c>random</c> or <c>readOnlyReplica</c> on a cluster): for a while, a position another process
/// was given (a command's answer, another read replica's feed) can be past what this process reads, or not there yet.
/// </summary>
public interface IReadsFromFollowers
{
    /// <summary>Whether this store's reads go to a member that may trail the leader.</summary>
    bool ReadsMayTrail { get; }

    /// <summary>The event at <paramref name="position"/> in the leader's log (where writes go), or null: as <see cref="IEventStore.ReadAtAsync"/>.</summary>
    Task<RecordedEvent?> ReadAtOnLeaderAsync(GlobalPosition position, CancellationToken ct = default);
}
