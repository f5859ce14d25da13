using Grpc.Core;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb.Connection;

/// <summary>
/// The attempts of one call (an append, or one page of a read) through a leader change: a failure that certainly
/// did nothing (<see cref="ServerErrors.NotExecuted"/>: a follower naming the leader, a node not ready, a
/// connection refused, no leader yet) is tried again, on the node the failure points to or that gossip finds,
/// after a short backoff, until the call's deadline — <c>defaultDeadline</c> from its start — has passed. An
/// election takes a second or two, so a write started during one lands on the new leader instead of failing.
/// A failure that may have taken effect is tried again only for calls that change nothing (reads).
/// </summary>
internal sealed class Attempts(KurrentDbConnection connection, Role role, CancellationToken ct)
{
    private static readonly Backoff Pause = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1));

    private int _failures;

    /// <summary>When every attempt together must be done (null: no deadline); each call gets what is left.</summary>
    public DateTime? Until { get; } = connection.Until();

    public CallOptions Options => connection.Options(role, Until, ct);

    /// <summary>The node for the next attempt; while discovery finds none (an election), waits and asks again until the deadline.</summary>
    public async ValueTask<Node> NodeAsync()
    {
        while (true)
        {
            try
            {
                return await connection.NodeAsync(role, ct);
            }
            catch (StoreUnavailableException e) when (e.InnerException is ClusterWithoutChoiceException)
            {
                // Members answered but none can serve yet (an election): ask again. Nobody answering is reported at once.
                if (!await PauseAsync()) throw;
            }
        }
    }

    /// <summary>
    /// Whether to send the call again after <paramref name="e"/> from <paramref name="node"/>: follows a named leader or
    /// forgets the node, then waits. False when the failure is not one to repeat, or the deadline would pass; the caller
    /// then reports it. <paramref name="changesNothing"/>: the call is a read, which may be repeated whatever happened.
    /// </summary>
    public async ValueTask<bool> AgainAsync(RpcException e, Node node, bool changesNothing)
    {
        if (ct.IsCancellationRequested || ServerErrors.IsTlsFailure(e) || ServerErrors.IsNotGrpcServer(e)) return false;
        var notExecuted = ServerErrors.NotExecuted(e);
        if (!ServerErrors.IsTransient(e) && !notExecuted) return false;
        // One node with no discovery has no other member to fail over to: a refused connection is reported at once.
        var again = !ServerErrors.IsConnectFailure(e) || connection.Settings.Discover;
        if (ServerErrors.Leader(e) is { } leader) connection.UseLeader(leader);
        else connection.Forget(node.Endpoint, refused: ServerErrors.IsConnectFailure(e));
        return again && (notExecuted || changesNothing) && await PauseAsync();
    }

    private async ValueTask<bool> PauseAsync()
    {
        var delay = Pause.Delay(_failures++, Random.Shared.NextDouble());
        if (Until is { } until && DateTime.UtcNow + delay >= until) return false;
        await Task.Delay(delay, ct);
        return true;
    }
}
