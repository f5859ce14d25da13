using System.Text;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>
/// A node replaced under a running process at the same address — a <c>--mem-db</c> node restarted (empty), another node
/// given its address — holds another ledger than the one the store has read. Before, the store went on as if it were the
/// same: <c>ledger serve</c> recorded a command into the new node's log at positions it had given out for other events,
/// decided commands on the histories it kept, answered history from them, and its subscriptions waited until the new log
/// passed their position. Now every call after the store reached a node anew checks the ledger's identity first. The store
/// reaches the server under test through a proxy that is pointed at <c>KURRENTDB_OTHER_NODE</c>, another ledger's node.
/// Skipped without both variables.
/// </summary>
public sealed class ReplacedNodeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static EventData Event() => new(
        Guid.NewGuid(), "RelationsEstablished",
        Encoding.UTF8.GetBytes($$"""{"since":"{{DateTime.UtcNow:O}}"}"""),
        Encoding.UTF8.GetBytes($$"""{"$correlationId":"{{Guid.NewGuid()}}","$causationId":"{{Guid.NewGuid()}}","schemaVersion":1}"""));

    private static (KurrentDbConnectionSettings Tested, KurrentDbConnectionSettings Other) Nodes()
    {
        var tested = KurrentDbConnectionSettings.Parse(ServerUnderTest.Require());
        var otherNode = Environment.GetEnvironmentVariable(RealServerTests.OtherNodeVariable);
        Skip.If(otherNode is null, $"{RealServerTests.OtherNodeVariable} is not set: no second node to put in the first one's place.");
        var other = KurrentDbConnectionSettings.Parse(otherNode!);
        Skip.If(tested.Discover || tested.Tls || other.Discover || other.Tls, "The replaced-node tests proxy insecure single nodes.");
        return (tested, other);
    }

    private static KurrentDbEventStore Through(TcpProxy proxy, KurrentDbConnectionSettings settings) =>
        new(new KurrentDbConnection(settings with { Hosts = [new KurrentDbEndpoint("127.0.0.1", proxy.Port)] }), ownsConnection: true)
        {
            SubscriptionBackoff = new Backoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500)),
        };

    [SkippableFact]
    public async Task A_node_holding_another_ledger_in_its_place_is_refused_for_reads_and_writes_and_the_ledgers_node_taken_again()
    {
        var (tested, other) = Nodes();
        await using var proxy = new TcpProxy(tested.Hosts[0].Host, tested.Hosts[0].Port);
        await using var store = Through(proxy, tested);
        await using var otherLedger = KurrentDbEventStore.Connect(Environment.GetEnvironmentVariable(RealServerTests.OtherNodeVariable)!);
        var (first, second) = ($"relationship-R{Guid.NewGuid():N}~aa", $"relationship-R{Guid.NewGuid():N}~bb");
        await otherLedger.AppendAsync($"relationship-R{Guid.NewGuid():N}~cc", ExpectedRevision.Any, [Event()]); // it is a ledger too
        await store.AppendAsync(first, ExpectedRevision.NoStream, [Event()]);
        var ledger = await store.IdentityAsync();

        proxy.Retarget(other.Hosts[0].Host, other.Hosts[0].Port);
        proxy.CutAll();

        // A read first: it is repeated over the connection the proxy cut, which an append is not (its outcome would be unknown).
        var read = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.ReadStreamAsync(first, ReadDirection.Forwards, 0, 10).ToListAsync());
        Assert.Contains("now holds another ledger", read.Message, StringComparison.Ordinal);
        Assert.Contains($"not the ledger this process has been reading and recording, {ledger}", read.Message, StringComparison.Ordinal);
        var append = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync(second, ExpectedRevision.NoStream, [Event()]));
        Assert.Contains("now holds another ledger", append.Message, StringComparison.Ordinal);
        Assert.Empty(await otherLedger.ReadStreamAsync(second, ReadDirection.Forwards, 0, 1).ToListAsync()); // nothing recorded there
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.IdentityAsync());
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ProbeAsync());

        // The ledger's own node back at the address: taken again, as a node restarted on its database is.
        proxy.Retarget(tested.Hosts[0].Host, tested.Hosts[0].Port);
        proxy.CutAll();
        Assert.Single(await store.ReadStreamAsync(first, ReadDirection.Forwards, 0, 10).ToListAsync());
        await store.AppendAsync(second, ExpectedRevision.NoStream, [Event()]);
        Assert.Equal(ledger, await store.IdentityAsync());
    }

    /// <summary>
    /// An append that is the first call after the node was replaced. Before, the identity was checked before the call, when
    /// the store had not yet reached the new node (no connection opened since), and the append then opened one and went out:
    /// the event's id reservation (and, without reservations, the event itself) was recorded in the other ledger's log, and
    /// only the check after the reservations refused the event. Now the append sends its events only once the connection it
    /// went out on is known to reach this ledger's node; refused, the call is dropped unfinished and the server writes nothing.
    /// </summary>
    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_append_that_is_the_first_call_to_reach_a_replaced_node_records_nothing_there(bool reservesEventIds)
    {
        var (tested, other) = Nodes();
        await using var proxy = new TcpProxy(tested.Hosts[0].Host, tested.Hosts[0].Port);
        await using var store = new KurrentDbEventStore(new KurrentDbConnection(tested with { Hosts = [new KurrentDbEndpoint("127.0.0.1", proxy.Port)] }), ownsConnection: true)
        {
            ReservesEventIds = reservesEventIds,
        };
        await using var otherLedger = KurrentDbEventStore.Connect(Environment.GetEnvironmentVariable(RealServerTests.OtherNodeVariable)!);
        await otherLedger.AppendAsync($"relationship-R{Guid.NewGuid():N}~cc", ExpectedRevision.Any, [Event()]); // it is a ledger too
        var (first, second) = ($"relationship-R{Guid.NewGuid():N}~aa", $"relationship-R{Guid.NewGuid():N}~bb");
        await store.AppendAsync(first, ExpectedRevision.NoStream, [Event()]);
        var ledger = await store.IdentityAsync();

        proxy.Retarget(other.Hosts[0].Host, other.Hosts[0].Port);
        proxy.CutAll();
        // Let the store see its connection closed, as it does when a node stops, so that the append opens a new one
        // instead of failing on the cut one (outcome unknown, which this test is not about).
        await Task.Delay(TimeSpan.FromSeconds(1));

        var refused = Event();
        var append = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync(second, ExpectedRevision.NoStream, [refused]));
        Assert.Contains("now holds another ledger", append.Message, StringComparison.Ordinal);
        Assert.Contains($"not the ledger this process has been reading and recording, {ledger}", append.Message, StringComparison.Ordinal);
        Assert.Empty(await otherLedger.ReadStreamAsync(second, ReadDirection.Forwards, 0, 1).ToListAsync());
        Assert.Empty(await otherLedger.ReadStreamAsync(EventIdReservations.StreamOf(refused.EventId), ReadDirection.Forwards, 0, 1).ToListAsync());
    }

    [SkippableFact]
    public async Task A_subscription_that_connects_again_to_a_node_holding_another_ledger_ends_saying_so()
    {
        var (tested, other) = Nodes();
        await using var proxy = new TcpProxy(tested.Hosts[0].Host, tested.Hosts[0].Port);
        await using var store = Through(proxy, tested);
        var stream = $"relationship-R{Guid.NewGuid():N}~dd";
        await store.AppendAsync(stream, ExpectedRevision.NoStream, [Event()]);
        await store.IdentityAsync();
        var start = (await store.ReadStreamAsync(stream, ReadDirection.Forwards, 0, 1).ToListAsync())[0].Position;
        await store.AppendAsync(stream, ExpectedRevision.Exact(0), [Event()]);

        using var cts = new CancellationTokenSource(Patience);
        var received = 0;
        var ended = await Assert.ThrowsAsync<StoreUnavailableException>(async () =>
        {
            await foreach (var e in store.SubscribeToAllAsync(start, new StreamFilter(stream), cts.Token))
            {
                received++;
                proxy.Retarget(other.Hosts[0].Host, other.Hosts[0].Port);
                proxy.CutAll();
            }
        });

        Assert.Equal(1, received);
        Assert.Contains("now holds another ledger", ended.Message, StringComparison.Ordinal);
        Assert.False(cts.IsCancellationRequested);
    }
}
