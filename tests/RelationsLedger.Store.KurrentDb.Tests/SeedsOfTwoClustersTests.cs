using System.Text;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Connection;
using RelationsLedger.Store.KurrentDb.Protocol;
using State = RelationsLedger.Store.KurrentDb.Protocol.MemberInfo.Types.VNodeState;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>
/// A connection string naming nodes of different clusters (single nodes listed as if they were one cluster) is refused,
/// not used: writes went to whichever seed answered first, so a failover moved the ledger to another server. The live
/// tests need the server under test and <c>KURRENTDB_OTHER_NODE</c>, two unrelated insecure single nodes.
/// </summary>
public sealed class SeedsOfTwoClustersTests
{
    private static MemberInfo Member(string host, State state = State.Leader) =>
        new() { State = state, IsAlive = true, HttpEndPoint = new EndPoint { Address = host, Port = 2113 } };

    private static readonly KurrentDbEndpoint SeedA = new("a", 2113), SeedB = new("b", 2113);

    [Fact]
    public void Seeds_whose_gossip_names_no_common_member_are_refused_naming_both_answers()
    {
        var cluster = new OneCluster();
        cluster.Admit(SeedA, [Member("a")]);

        var refused = Assert.Throws<StoreUnavailableException>(() => cluster.Admit(SeedB, [Member("b")]));

        Assert.Contains("not one cluster: gossip at b:2113 names b:2113, and gossip at a:2113 named a:2113", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Answers_of_one_cluster_are_admitted_whichever_seed_gives_them_and_whatever_each_member_is_now()
    {
        var cluster = new OneCluster();
        cluster.Admit(SeedA, [Member("a"), Member("b", State.Follower), Member("c", State.Follower)]);
        // After a failover, seen from another seed; then a member replaced by a node at a new address.
        cluster.Admit(SeedB, [Member("a", State.Follower), Member("b"), Member("c", State.Follower)]);
        cluster.Admit(SeedA, [Member("b"), Member("d", State.Follower)]);
    }

    private static (string Both, KurrentDbEndpoint Main, KurrentDbEndpoint Other) TwoNodes()
    {
        var main = KurrentDbConnectionSettings.Parse(ServerUnderTest.Require());
        var otherNode = Environment.GetEnvironmentVariable(RealServerTests.OtherNodeVariable);
        Skip.If(otherNode is null, $"{RealServerTests.OtherNodeVariable} is not set: no second, unrelated node.");
        var other = KurrentDbConnectionSettings.Parse(otherNode!);
        Skip.If(main.Discover || main.Tls || other.Discover || other.Tls, "Needs two insecure single nodes.");
        return ($"esdb://{main.Hosts[0]},{other.Hosts[0]}?tls=false", main.Hosts[0], other.Hosts[0]);
    }

    private static EventData Event() => new(Guid.NewGuid(), "StatementMade", Encoding.UTF8.GetBytes("{}"),
        Encoding.UTF8.GetBytes($$"""{"$correlationId":"{{Guid.NewGuid()}}","$causationId":"{{Guid.NewGuid()}}","schemaVersion":1}"""));

    [SkippableFact]
    public async Task Connecting_with_two_unrelated_nodes_as_seeds_is_refused_naming_both()
    {
        var (both, main, other) = TwoNodes();

        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => KurrentDbEventStore.ConnectAsync(both));

        Assert.Contains("are not one cluster", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"gossip at {other} names", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"gossip at {main} named", refused.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_failover_to_a_seed_of_another_cluster_is_refused_and_writes_nothing_there()
    {
        var (both, main, other) = TwoNodes();
        var stream = $"kurrent-split-{Guid.NewGuid():N}"; // not a relationship stream: the ledger's readers on the shared node never see it
        await using var store = KurrentDbEventStore.Connect(both);
        await store.AppendAsync(stream, ExpectedRevision.NoStream, [Event()]);
        Assert.Equal(main, store.Connection.WriteEndpoint);

        // The first node refused a connection (it restarts): the next call discovers again, from the other seed first.
        store.Connection.Forget(main, refused: true);
        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync(stream, ExpectedRevision.Any, [Event()]));

        Assert.Contains("are not one cluster", refused.Message, StringComparison.Ordinal);
        await using var onOther = KurrentDbEventStore.Connect(Environment.GetEnvironmentVariable(RealServerTests.OtherNodeVariable)!);
        Assert.Empty(await onOther.ReadStreamAsync(stream, ReadDirection.Forwards, null, 10).ToListAsync());
    }
}
