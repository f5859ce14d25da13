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
    /// The member to use: for <see cref="NodePreference.Leader"/> the leader and nothing else (while a cluster
    /// elects one, no member will take a call that needs the leader, so the caller asks again); for the other
    /// preferences the preferred live member, else any other live usable one. Members in <paramref name="avoid"/>
    /// (they just refused a connection; gossip has not noticed yet) are chosen only when nothing else can serve.
    /// Null when none can serve. <paramref name="random"/> breaks ties (and orders everything for <see cref="NodePreference.Random"/>).
    /// </summary>
    public static KurrentDbEndpoint? Choose(IEnumerable<MemberInfo> members, NodePreference preference, Random random, ICollection<KurrentDbEndpoint>? avoid = null)
    {
        var chosen = members
            .Where(m => m.IsAlive && Usable.Contains(m.State) && m.HttpEndPoint is { Address.Length: > 0 })
            .Where(m => preference != NodePreference.Leader || m.State == State.Leader)
            .Select(m => (Member: m, Endpoint: new KurrentDbEndpoint(m.HttpEndPoint.Address, checked((int)m.HttpEndPoint.Port))))
            .OrderBy(c => avoid?.Contains(c.Endpoint) == true ? 1 : 0)
            .ThenBy(c => Rank(c.Member.State, preference))
            .ThenBy(_ => random.Next())
            .FirstOrDefault();
        return chosen.Endpoint;
    }

    /// <summary>The address of every member an answer names, alive or not: what <see cref="OneCluster"/> compares.</summary>
    public static KurrentDbEndpoint[] Endpoints(IEnumerable<MemberInfo> members) =>
        [.. members.Where(m => m.HttpEndPoint is { Address.Length: > 0 }).Select(m => new KurrentDbEndpoint(m.HttpEndPoint.Address, checked((int)m.HttpEndPoint.Port))).Distinct()];

    /// <summary>Lower is better for <paramref name="preference"/>; Leader and Random rank every candidate alike.</summary>
    private static int Rank(State state, NodePreference preference) => preference switch
    {
        NodePreference.Follower => state == State.Follower ? 0 : state == State.Leader ? 1 : 2,
        NodePreference.ReadOnlyReplica => ReadOnly.Contains(state) ? 0 : 1,
        _ => 0,
    };
}
