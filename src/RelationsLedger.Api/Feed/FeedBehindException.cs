using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// A feed's start that this server's copy of the log does not hold yet, although the leader does: the server reads from a
/// follower of a KurrentDB cluster (<see cref="IReadsFromFollowers"/>) that trails it — a checkpoint taken from another read
/// replica, or given out just before a leader failover. The checkpoint is good: a 503 with <c>Retry-After</c>, not the 400 that
/// tells a consumer its checkpoint is of another log and stops it for good.
/// </summary>
public sealed class FeedBehindException(GlobalPosition position, GlobalPosition? head) : Exception(
    $"This server reads the ledger's log from a follower of the KurrentDB cluster (nodePreference), and the follower does not hold the " +
    $"checkpoint's event at {position} yet ({(head is { } h ? $"it has reached {h}" : "it holds no event yet")}); the leader holds it, so the checkpoint " +
    "is good. Retry in a moment: a follower catches up within a second or so, longer through a leader failover.")
{
    public const int RetryAfterSeconds = 1;
}
