using RelationsLedger.Store.KurrentDb.Protocol;
using State = RelationsLedger.Store.KurrentDb.Protocol.MemberInfo.Types.VNodeState;

namespace RelationsLedger.Store.KurrentDb.Connection;

/// <summary>Chooses the member to talk to from a gossip answer, as the official clients do.</summary>
internal static class ClusterMembers
{
    private static readonly State[] Usable =
        [State.Leader, State.Follower, State.ReadOnlyReplica, State.PreReadOnlyReplica, State.ReadOnlyLeaderless];

    private static readonly State[] ReadOnly = [State.ReadOnlyReplica, State.PreReadOnlyReplica, State.ReadOnlyLeaderless];

    /// <summary>
    /// The preferred live member, else any other live usable one; null when none can serve.
    /// <paramref name="random"/> breaks ties (and orders everything for <see cref="NodePreference.Random"/>).
    /// </summary>
    public static KurrentDbEndpoint? Choose(IEnumerable<MemberInfo> members, NodePreference preference, Random random)
    {
        var candidates = members
            .Where(m => m.IsAlive && Usable.Contains(m.State) && m.HttpEndPoint is { Address.Length: > 0 })
            .OrderBy(_ => random.Next())
            .ToList();
        var chosen = preference switch
        {
            NodePreference.Leader => candidates.OrderBy(m => m.State == State.Leader ? 0 : 1).FirstOrDefault(),
            NodePreference.Follower => candidates.OrderBy(m => m.State == State.Follower ? 0 : m.State == State.Leader ? 1 : 2).FirstOrDefault(),
            NodePreference.ReadOnlyReplica => candidates.OrderBy(m => ReadOnly.Contains(m.State) ? 0 : 1).FirstOrDefault(),
            _ => candidates.FirstOrDefault(),
        };
        return chosen is null ? null : new KurrentDbEndpoint(chosen.HttpEndPoint.Address, checked((int)chosen.HttpEndPoint.Port));
    }
}
