using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Mapping;
using RelationsLedger.Store.KurrentDb.Protocol;

namespace RelationsLedger.Store.KurrentDb.Connection;

/// <summary>A node the connection talks to, with the Streams client on its channel.</summary>
internal sealed record Node(KurrentDbEndpoint Endpoint, Streams.StreamsClient Streams);

/// <summary>
/// The connection to a KurrentDB node or cluster: one gRPC channel per node (HTTP/2, multiplexed),
/// the call headers (credentials, connection name, leader requirement) and deadlines, and which
/// node to use. A single host is used directly; several hosts (or <c>+discover</c>) are gossip
/// seeds, and the member is chosen by <c>nodePreference</c>. A node that fails is forgotten and
/// the next call discovers again; a follower's "not leader" answer moves the connection to the leader.
/// </summary>
public sealed class KurrentDbConnection : IAsyncDisposable
{
    private readonly ConcurrentDictionary<KurrentDbEndpoint, GrpcChannel> _channels = new();
    private readonly SemaphoreSlim _discovering = new(1, 1);
    private readonly Random _random = new();
    private volatile Node? _current;

    public KurrentDbConnectionSettings Settings { get; }

    public KurrentDbConnection(KurrentDbConnectionSettings settings) => Settings = settings;

    public static KurrentDbConnection Create(string connectionString) => new(KurrentDbConnectionSettings.Parse(connectionString));

    /// <summary>Finds a node and checks that it answers; throws <see cref="StoreUnavailableException"/> naming the address if not.</summary>
    public async Task<KurrentDbEndpoint> ConnectAsync(CancellationToken ct = default)
    {
        var node = await NodeAsync(ct);
        try
        {
            // Reading a stream that does not exist is the cheapest call every user may make.
            using var call = node.Streams.Read(Requests.ReadStream($"relationsledger-probe-{Guid.NewGuid():N}", ReadDirection.Forwards, null, 1), Options(deadline: true, ct));
            while (await call.ResponseStream.MoveNext(ct)) { }
            return node.Endpoint;
        }
        catch (RpcException e)
        {
            Forget(node.Endpoint);
            throw ServerErrors.Map(e, node.Endpoint, "connecting", ct);
        }
    }

    /// <summary>The node to call now, discovering one first when there is none.</summary>
    internal async ValueTask<Node> NodeAsync(CancellationToken ct)
    {
        if (_current is { } current) return current;
        await _discovering.WaitAsync(ct);
        try
        {
            if (_current is { } found) return found;
            var endpoint = Settings.Discover ? await DiscoverAsync(ct) : Settings.Hosts[0];
            return _current = new Node(endpoint, new Streams.StreamsClient(Channel(endpoint)));
        }
        finally
        {
            _discovering.Release();
        }
    }

    /// <summary>The node failed: the next call looks for a node again.</summary>
    internal void Forget(KurrentDbEndpoint endpoint)
    {
        if (_current is { } c && c.Endpoint == endpoint) _current = null;
    }

    /// <summary>A follower named the leader: use it from now on.</summary>
    internal void UseLeader(KurrentDbEndpoint leader) => _current = new Node(leader, new Streams.StreamsClient(Channel(leader)));

    /// <summary>The headers and deadline of a call. Subscriptions have no deadline; everything else has the default one.</summary>
    internal CallOptions Options(bool deadline, CancellationToken ct)
    {
        var headers = new Metadata
        {
            { "connection-name", Settings.ConnectionName },
            { "requires-leader", Settings.NodePreference == NodePreference.Leader ? "true" : "false" },
        };
        if (Settings.UserName is { } user && Settings.Password is { } password)
            headers.Add("authorization", Requests.BasicAuthorization(user, password));
        DateTime? until = deadline && Settings.DefaultDeadline is { } d ? DateTime.UtcNow + d : null;
        return new CallOptions(headers, until, ct);
    }

    private GrpcChannel Channel(KurrentDbEndpoint endpoint) => _channels.GetOrAdd(endpoint, e => ChannelFactory.Open(e, Settings));

    private async Task<KurrentDbEndpoint> DiscoverAsync(CancellationToken ct)
    {
        var errors = new List<string>();
        for (var attempt = 1; attempt <= Settings.MaxDiscoverAttempts; attempt++)
        {
            foreach (var seed in Settings.Hosts)
            {
                try
                {
                    var gossip = new Gossip.GossipClient(Channel(seed));
                    var info = await gossip.ReadAsync(new Empty(), Options(deadline: false, ct).WithDeadline(DateTime.UtcNow + Settings.GossipTimeout));
                    if (ClusterMembers.Choose(info.Members, Settings.NodePreference, _random) is { } chosen) return chosen;
                    errors.Add($"{seed}: no live member can serve");
                }
                catch (RpcException e) when (!ct.IsCancellationRequested)
                {
                    errors.Add($"{seed}: {e.StatusCode} {e.Status.Detail}");
                }
            }
            await Task.Delay(Settings.DiscoveryInterval, ct);
        }
        throw new StoreUnavailableException(
            $"No usable KurrentDB node found by gossip at {string.Join(", ", Settings.Hosts)} after {Settings.MaxDiscoverAttempts} attempts; last: {errors.LastOrDefault()}");
    }

    public ValueTask DisposeAsync()
    {
        foreach (var channel in _channels.Values) channel.Dispose();
        _channels.Clear();
        _discovering.Dispose();
        return ValueTask.CompletedTask;
    }
}
