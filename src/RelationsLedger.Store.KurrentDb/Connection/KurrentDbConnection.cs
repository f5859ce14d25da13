using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Mapping;
using RelationsLedger.Store.KurrentDb.Protocol;

namespace RelationsLedger.Store.KurrentDb.Connection;

/// <summary>A node the connection talks to, with the Streams client on its channel.</summary>
internal sealed record Node(KurrentDbEndpoint Endpoint, Streams.StreamsClient Streams);

/// <summary>Gossip answered, but named no member to use (no leader during an election): asking again later may find one.</summary>
internal sealed class ClusterWithoutChoiceException() : Exception("The cluster answered gossip but has no member to use yet.");

/// <summary>What a call is for: writes always go to the leader; reads and subscriptions to the member <c>nodePreference</c> names.</summary>
internal enum Role { Write, Read }

/// <summary>
/// The connection to a KurrentDB node or cluster: one gRPC channel per node (HTTP/2, multiplexed),
/// the call headers (credentials, connection name, leader requirement) and deadlines, and which
/// node to use for each <see cref="Role"/>. A single host is used directly; several hosts (or
/// <c>+discover</c>) are gossip seeds. Writes go to the leader (and say so, so that a follower refuses
/// them with the leader's address rather than forwarding them); reads and subscriptions go to the member
/// <c>nodePreference</c> names. A node that fails is forgotten and the next call discovers again.
/// </summary>
public sealed class KurrentDbConnection : IAsyncDisposable
{
    /// <summary>How long a node that refused a connection is passed over when gossip still calls it alive.</summary>
    private static readonly TimeSpan SuspectFor = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<KurrentDbEndpoint, GrpcChannel> _channels = new();
    private readonly ConcurrentDictionary<KurrentDbEndpoint, DateTime> _suspects = new();
    private readonly SemaphoreSlim _discovering = new(1, 1);
    private readonly Random _random = new();
    private readonly OneCluster _cluster = new();
    private volatile Node? _writer;
    private volatile Node? _reader;
    private long _connectionsOpened;

    public KurrentDbConnectionSettings Settings { get; }

    public KurrentDbConnection(KurrentDbConnectionSettings settings) => Settings = settings;

    public static KurrentDbConnection Create(string connectionString) => new(KurrentDbConnectionSettings.Parse(connectionString));

    /// <summary>
    /// How many connections this connection has opened to any node so far: one more each time a node is reached anew (the
    /// first call, a node restarted, a failover). A call made after this changed may be answered by a node that holds
    /// another ledger than the one the store read before (KurrentDbEventStore checks the ledger's identity again).
    /// </summary>
    internal long ConnectionsOpened => Interlocked.Read(ref _connectionsOpened);

    /// <summary>The node writes go to now (null before the first call or after a failure); for tests and diagnostics.</summary>
    public KurrentDbEndpoint? WriteEndpoint => _writer?.Endpoint;

    /// <summary>The node reads and subscriptions go to now; the same as <see cref="WriteEndpoint"/> when the leader is preferred.</summary>
    public KurrentDbEndpoint? ReadEndpoint => Shared(Role.Read) ? _writer?.Endpoint : _reader?.Endpoint;

    /// <summary>Finds a node to read from and checks that it answers; throws <see cref="StoreUnavailableException"/> naming the address if not.</summary>
    public async Task<KurrentDbEndpoint> ConnectAsync(CancellationToken ct = default)
    {
        if (Settings.Hosts.Count > 1) await AskEverySeedAsync(ct);
        var attempts = new Attempts(this, Role.Read, ct);
        while (true)
        {
            var node = await attempts.NodeAsync();
            try
            {
                // Reading a stream that does not exist is the cheapest call every user may make.
                using var call = node.Streams.Read(Requests.ReadStream($"relationsledger-probe-{Guid.NewGuid():N}", ReadDirection.Forwards, null, 1), attempts.Options);
                while (await call.ResponseStream.MoveNext(ct)) { }
                return node.Endpoint;
            }
            catch (RpcException e)
            {
                // A follower named the leader, or a cluster member went away: the same probe there.
                if (!await attempts.AgainAsync(e, node, changesNothing: true)) throw ServerErrors.Map(e, node.Endpoint, "connecting", ct);
            }
        }
    }

    /// <summary>Whether reads use the writers' node: the leader is preferred, or there is one host and no discovery.</summary>
    private bool Shared(Role role) => role == Role.Write || Settings.NodePreference == NodePreference.Leader || !Settings.Discover;

    /// <summary>The node to call now for <paramref name="role"/>, discovering one first when there is none.</summary>
    internal async ValueTask<Node> NodeAsync(Role role, CancellationToken ct)
    {
        var shared = Shared(role);
        if ((shared ? _writer : _reader) is { } current) return current;
        await _discovering.WaitAsync(ct);
        try
        {
            if ((shared ? _writer : _reader) is { } found) return found;
            var preference = shared ? NodePreference.Leader : Settings.NodePreference;
            var endpoint = Settings.Discover ? await DiscoverAsync(preference, ct) : Settings.Hosts[0];
            var node = new Node(endpoint, new Streams.StreamsClient(Channel(endpoint)));
            if (shared) _writer = node;
            else _reader = node;
            return node;
        }
        finally
        {
            _discovering.Release();
        }
    }

    /// <summary>
    /// The node failed: the next call looks for a node again. <paramref name="refused"/>: it did not even take
    /// the connection, so it is passed over for a while even if gossip, slower to notice, still calls it alive.
    /// </summary>
    internal void Forget(KurrentDbEndpoint endpoint, bool refused = false)
    {
        if (_writer is { } w && w.Endpoint == endpoint) _writer = null;
        if (_reader is { } r && r.Endpoint == endpoint) _reader = null;
        if (refused && Settings.Discover) _suspects[endpoint] = DateTime.UtcNow + SuspectFor;
    }

    /// <summary>A follower named the leader: writes (and reads that want the leader) go there from now on.</summary>
    internal void UseLeader(KurrentDbEndpoint leader)
    {
        _suspects.TryRemove(leader, out _);
        _writer = new Node(leader, new Streams.StreamsClient(Channel(leader)));
    }

    /// <summary>When a call started now must end: the default deadline, or null for none.</summary>
    internal DateTime? Until() => Settings.DefaultDeadline is { } d ? DateTime.UtcNow + d : null;

    /// <summary>
    /// The headers and deadline of a call. A write, or a read when the leader is preferred, requires the leader:
    /// a follower then refuses it and names the leader instead of forwarding it. Subscriptions pass no deadline.
    /// </summary>
    internal CallOptions Options(Role role, DateTime? until, CancellationToken ct)
    {
        var headers = new Metadata
        {
            { "connection-name", Settings.ConnectionName },
            { "requires-leader", role == Role.Write || Settings.NodePreference == NodePreference.Leader ? "true" : "false" },
        };
        if (Settings.UserName is { } user && Settings.Password is { } password)
            headers.Add("authorization", Requests.BasicAuthorization(user, password));
        return new CallOptions(headers, until, ct);
    }

    private GrpcChannel Channel(KurrentDbEndpoint endpoint) => _channels.GetOrAdd(endpoint, e => ChannelFactory.Open(e, Settings, () => Interlocked.Increment(ref _connectionsOpened)));

    /// <summary>The cluster's members as <paramref name="seed"/>'s gossip names them, within the gossip timeout.</summary>
    private async Task<IReadOnlyList<MemberInfo>> ReadGossipAsync(KurrentDbEndpoint seed, CancellationToken ct) =>
        (await new Gossip.GossipClient(Channel(seed)).ReadAsync(new Empty(), Options(Role.Read, DateTime.UtcNow + Settings.GossipTimeout, ct))).Members;

    private async Task<KurrentDbEndpoint> DiscoverAsync(NodePreference preference, CancellationToken ct)
    {
        var errors = new List<string>();
        var answered = false;
        for (var attempt = 1; attempt <= Settings.MaxDiscoverAttempts; attempt++)
        {
            var avoid = Suspects();
            foreach (var seed in Settings.Hosts.OrderBy(s => avoid.Contains(s) ? 1 : 0))
            {
                try
                {
                    var members = await ReadGossipAsync(seed, ct);
                    answered = true;
                    _cluster.Admit(seed, members);
                    if (ClusterMembers.Choose(members, preference, _random, avoid) is { } chosen) return chosen;
                    errors.Add(preference == NodePreference.Leader ? $"{seed}: the cluster has no leader (an election may be under way)" : $"{seed}: no live member can serve");
                }
                catch (RpcException e) when (!ct.IsCancellationRequested)
                {
                    errors.Add($"{seed}: {e.StatusCode} {e.Status.Detail}");
                }
            }
            await Task.Delay(Settings.DiscoveryInterval, ct);
        }
        throw new StoreUnavailableException(
            $"No usable KurrentDB node found by gossip at {string.Join(", ", Settings.Hosts)} after {Settings.MaxDiscoverAttempts} attempts; last: {errors.LastOrDefault()}",
            answered ? new ClusterWithoutChoiceException() : null) { Unreachable = true };
    }

    /// <summary>
    /// Every seed's gossip, asked at once, each answer admitted (<see cref="OneCluster"/>): seeds of different clusters are
    /// refused before anything is sent, not only once a failover sends calls to the other. A seed that does not answer is
    /// left to discovery, which admits it when it does.
    /// </summary>
    private async Task AskEverySeedAsync(CancellationToken ct)
    {
        var answers = await Task.WhenAll(Settings.Hosts.Select(async seed =>
        {
            try
            {
                return (seed, (IReadOnlyList<MemberInfo>?)await ReadGossipAsync(seed, ct));
            }
            catch (RpcException) when (!ct.IsCancellationRequested)
            {
                return (seed, null);
            }
        }));
        foreach (var (seed, members) in answers)
            if (members is not null) _cluster.Admit(seed, members);
    }

    /// <summary>The cluster's members as the first seed that answers sees them (tests, diagnostics, the failover benchmark).</summary>
    internal async Task<IReadOnlyList<MemberInfo>> GossipAsync(CancellationToken ct)
    {
        RpcException? last = null;
        foreach (var seed in Settings.Hosts)
        {
            try
            {
                return await ReadGossipAsync(seed, ct);
            }
            catch (RpcException e) when (!ct.IsCancellationRequested)
            {
                last = e;
            }
        }
        throw new StoreUnavailableException($"No KurrentDB node at {string.Join(", ", Settings.Hosts)} answered gossip: {last?.Status.Detail}", last);
    }

    private HashSet<KurrentDbEndpoint> Suspects()
    {
        var now = DateTime.UtcNow;
        foreach (var (endpoint, until) in _suspects)
            if (until < now) _suspects.TryRemove(endpoint, out _);
        return _suspects.Keys.ToHashSet();
    }

    public ValueTask DisposeAsync()
    {
        foreach (var channel in _channels.Values) channel.Dispose();
        _channels.Clear();
        _discovering.Dispose();
        return ValueTask.CompletedTask;
    }
}
