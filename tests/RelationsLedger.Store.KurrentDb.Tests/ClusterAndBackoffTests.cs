using RelationsLedger.Store.KurrentDb.Connection;
using RelationsLedger.Store.KurrentDb.Protocol;
using State = RelationsLedger.Store.KurrentDb.Protocol.MemberInfo.Types.VNodeState;

namespace RelationsLedger.Store.KurrentDb.Tests;

public sealed class ClusterAndBackoffTests
{
    private static MemberInfo Member(string host, State state, bool alive = true) =>
        new() { State = state, IsAlive = alive, HttpEndPoint = new EndPoint { Address = host, Port = 2113 } };

    private static readonly MemberInfo[] Cluster =
        [Member("f1", State.Follower), Member("dead-leader", State.Leader, alive: false), Member("l", State.Leader), Member("r", State.ReadOnlyReplica), Member("c", State.CatchingUp)];

    [Theory]
    [InlineData(NodePreference.Leader, "l")]
    [InlineData(NodePreference.Follower, "f1")]
    [InlineData(NodePreference.ReadOnlyReplica, "r")]
    public void The_preferred_live_member_is_chosen(NodePreference preference, string expected)
    {
        for (var seed = 0; seed < 20; seed++)
            Assert.Equal(new KurrentDbEndpoint(expected, 2113), ClusterMembers.Choose(Cluster, preference, new Random(seed)));
    }

    [Fact]
    public void Without_a_leader_none_serves_the_leader_preference_and_another_member_serves_the_others()
    {
        // During an election no member takes a call that requires the leader: the connection asks gossip again.
        MemberInfo[] electing = [Member("c", State.CatchingUp), Member("f", State.Follower), Member("r", State.ReadOnlyReplica)];
        Assert.Null(ClusterMembers.Choose(electing, NodePreference.Leader, new Random(1)));
        Assert.Equal(new KurrentDbEndpoint("f", 2113), ClusterMembers.Choose(electing, NodePreference.Follower, new Random(1)));
        Assert.Equal(new KurrentDbEndpoint("r", 2113), ClusterMembers.Choose(electing, NodePreference.ReadOnlyReplica, new Random(1)));
    }

    [Fact]
    public void A_member_that_just_refused_a_connection_is_chosen_only_when_nothing_else_serves()
    {
        MemberInfo[] members = [Member("f1", State.Follower), Member("f2", State.Follower), Member("l", State.Leader)];
        for (var seed = 0; seed < 20; seed++)
        {
            Assert.Equal("f2", ClusterMembers.Choose(members, NodePreference.Follower, new Random(seed), [new KurrentDbEndpoint("f1", 2113)])!.Host);
            // Gossip still calls the killed leader alive and there is no other: try it rather than nothing.
            Assert.Equal("l", ClusterMembers.Choose(members, NodePreference.Leader, new Random(seed), [new KurrentDbEndpoint("l", 2113)])!.Host);
            // A suspect follower loses even to the leader.
            Assert.Equal("l", ClusterMembers.Choose(members, NodePreference.Follower, new Random(seed), [new KurrentDbEndpoint("f1", 2113), new KurrentDbEndpoint("f2", 2113)])!.Host);
        }
    }

    private static readonly string[] Serving = ["f1", "l", "r"];

    [Fact]
    public void Random_never_picks_a_member_that_cannot_serve()
    {
        for (var seed = 0; seed < 20; seed++)
            Assert.Contains(ClusterMembers.Choose(Cluster, NodePreference.Random, new Random(seed))!.Host, Serving);
    }

    [Fact]
    public void No_usable_member_is_none()
    {
        Assert.Null(ClusterMembers.Choose([Member("c", State.CatchingUp), Member("l", State.Leader, alive: false)], NodePreference.Leader, new Random(1)));
    }

    [Fact]
    public void Backoff_doubles_up_to_its_cap_with_jitter_down_to_half()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.Delay(0, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(400), backoff.Delay(2, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(200), backoff.Delay(2, 0));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Delay(10, 1));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Delay(int.MaxValue, 1));
    }
}
