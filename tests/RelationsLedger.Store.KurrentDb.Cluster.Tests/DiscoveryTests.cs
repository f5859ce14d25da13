using System.Text;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Connection;
using State = RelationsLedger.Store.KurrentDb.Protocol.MemberInfo.Types.VNodeState;

namespace RelationsLedger.Store.KurrentDb.Cluster.Tests;

/// <summary>How the store finds its nodes in a real cluster: the leader for writes, the preferred member for reads.</summary>
public sealed class DiscoveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static EventData Event() => new(Guid.NewGuid(), "ClusterTest", Encoding.UTF8.GetBytes("""{"n":1}"""), "{}"u8.ToArray());

    private static string Stream() => $"cluster-test-{Guid.NewGuid():N}";

    private static string Hosts(IEnumerable<KurrentDbEndpoint> endpoints) => string.Join(",", endpoints);

    [SkippableFact]
    public async Task Every_host_list_and_a_single_seed_with_discovery_find_the_leader_for_writes()
    {
        var cs = ClusterUnderTest.Require();
        var members = await ClusterUnderTest.MembersAsync(cs);
        var leader = await ClusterUnderTest.LeaderAsync(cs);
        var seed = ClusterUnderTest.EndpointOf(members.First(m => m.IsAlive && ClusterUnderTest.EndpointOf(m) != leader));
        foreach (var form in new[] { cs, ClusterUnderTest.WithHosts(cs, "kurrentdb+discover", seed.ToString()) })
        {
            await using var store = await KurrentDbEventStore.ConnectAsync(form);
            await ClusterUnderTest.AppendAsync(store, Stream(), ExpectedRevision.NoStream, [Event()]);
            Assert.Equal(leader, store.Connection.WriteEndpoint);
            Assert.Equal(leader, store.Connection.ReadEndpoint);
        }
    }

    [SkippableFact]
    public async Task A_single_host_that_is_a_follower_sends_writes_on_to_the_leader_it_names()
    {
        var cs = ClusterUnderTest.Require();
        var members = await ClusterUnderTest.MembersAsync(cs);
        var follower = ClusterUnderTest.EndpointOf(members.First(m => m.IsAlive && m.State == State.Follower));
        await using var store = await KurrentDbEventStore.ConnectAsync(ClusterUnderTest.WithHosts(cs, "kurrentdb", follower.ToString()));
        Assert.False(store.Connection.Settings.Discover);
        var stream = Stream();
        var result = await ClusterUnderTest.AppendAsync(store, stream, ExpectedRevision.NoStream, [Event()]);
        Assert.Equal(0UL, result.NextExpectedRevision);
        Assert.Equal(await ClusterUnderTest.LeaderAsync(cs), store.Connection.WriteEndpoint);
        Assert.Single(await store.ReadStreamAsync(stream, ReadDirection.Forwards, null, 10).ToListAsync());
    }

    [SkippableFact]
    public async Task With_followers_preferred_reads_and_subscriptions_go_to_a_follower_and_writes_to_the_leader()
    {
        var cs = ClusterUnderTest.Require();
        await using var store = await KurrentDbEventStore.ConnectAsync(ClusterUnderTest.With(cs, "nodePreference=follower"));
        var reader = store.Connection.ReadEndpoint!;
        Assert.Equal(State.Follower, await ClusterUnderTest.StateOfAsync(cs, reader));

        var prefix = $"cluster-follower-{Guid.NewGuid():N}-";
        var events = new[] { Event(), Event(), Event() };
        await ClusterUnderTest.AppendAsync(store, prefix + "s", ExpectedRevision.NoStream, events[..1]);
        Assert.Equal(await ClusterUnderTest.LeaderAsync(cs), store.Connection.WriteEndpoint);

        using var cts = new CancellationTokenSource(Patience);
        var received = new List<Guid>();
        await foreach (var e in store.SubscribeToAllAsync(null, new StreamFilter(prefix), cts.Token))
        {
            received.Add(e.EventId);
            if (received.Count == 1) await ClusterUnderTest.AppendAsync(store, prefix + "s", ExpectedRevision.Exact(0), events[1..]);
            if (received.Count == 3) break;
        }
        Assert.Equal(events.Select(e => e.EventId), received);
        Assert.Equal(reader, store.Connection.ReadEndpoint);
        // A follower has what the leader acknowledged once it has replicated it: a moment later at most.
        Assert.Equal(3, await store.ReadStreamAsync(prefix + "s", ReadDirection.Forwards, null, 10).CountAsync());
    }

    [SkippableFact]
    public async Task A_read_only_replica_is_preferred_when_the_cluster_has_one_and_otherwise_a_follower_serves()
    {
        var cs = ClusterUnderTest.Require();
        var members = await ClusterUnderTest.MembersAsync(cs);
        await using var store = await KurrentDbEventStore.ConnectAsync(ClusterUnderTest.With(cs, "nodePreference=readOnlyReplica"));
        var state = await ClusterUnderTest.StateOfAsync(cs, store.Connection.ReadEndpoint!);
        if (members.Any(m => m.IsAlive && m.State == State.ReadOnlyReplica))
            Assert.Equal(State.ReadOnlyReplica, state);
        else
            Assert.Contains(state, new[] { State.Follower, State.Leader });
        // Reads work there whatever it is; writes still go to the leader.
        var stream = Stream();
        await ClusterUnderTest.AppendAsync(store, stream, ExpectedRevision.NoStream, [Event()]);
        Assert.Equal(await ClusterUnderTest.LeaderAsync(cs), store.Connection.WriteEndpoint);
    }

    [SkippableFact]
    public async Task An_event_id_recorded_in_one_stream_is_refused_in_another_and_a_retry_in_the_same_stream_is_recognised()
    {
        await using var store = await KurrentDbEventStore.ConnectAsync(ClusterUnderTest.Require());
        var (first, second) = (Stream(), Stream());
        var e = Event();
        var appended = await ClusterUnderTest.AppendAsync(store, first, ExpectedRevision.NoStream, [e]);
        var error = await Assert.ThrowsAsync<DuplicateEventException>(() => store.AppendAsync(second, ExpectedRevision.NoStream, [e]));
        Assert.Equal((e.EventId, first), (error.EventId, error.Stream));
        Assert.Empty(await store.ReadStreamAsync(second, ReadDirection.Forwards, null, 10).ToListAsync());
        // The server recognises the repeat (same id, same expectation) and answers with the original result.
        var retry = await ClusterUnderTest.AppendAsync(store, first, ExpectedRevision.NoStream, [e]);
        Assert.Equal((appended.NextExpectedRevision, appended.Position), (retry.NextExpectedRevision, retry.Position));
        Assert.Single(await store.ReadStreamAsync(first, ReadDirection.Forwards, null, 10).ToListAsync());
    }
}
