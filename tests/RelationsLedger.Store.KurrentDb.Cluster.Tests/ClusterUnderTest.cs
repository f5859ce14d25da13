using System.Diagnostics;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Connection;
using RelationsLedger.Store.KurrentDb.Protocol;
using State = RelationsLedger.Store.KurrentDb.Protocol.MemberInfo.Types.VNodeState;

// The failover tests kill the cluster's leader: nothing else in this assembly may run meanwhile.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace RelationsLedger.Store.KurrentDb.Cluster.Tests;

/// <summary>
/// The live cluster the tests run against, named by environment variables only (no server or script of this
/// repository): <c>KURRENTDB_CLUSTER</c>, a connection string with all its nodes; for the failover tests also
/// <c>KURRENTDB_KILL_LEADER</c>, a shell command that kills the current leader (kill -9) and returns once a new
/// one is elected, and <c>KURRENTDB_RESTART_NODES</c>, one that starts every killed node again and returns once
/// they have rejoined. Without them the tests are reported as skipped.
/// </summary>
internal static class ClusterUnderTest
{
    public const string Variable = "KURRENTDB_CLUSTER";
    public const string KillLeaderVariable = "KURRENTDB_KILL_LEADER";
    public const string RestartNodesVariable = "KURRENTDB_RESTART_NODES";

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    public static string Require()
    {
        Skip.If(Env(Variable) is null, $"{Variable} is not set: no KurrentDB cluster to test against.");
        return Env(Variable)!;
    }

    /// <summary>The cluster and the commands that kill its leader and bring killed nodes back.</summary>
    public static (string ConnectionString, string KillLeader, string RestartNodes) RequireFailover()
    {
        var cs = Require();
        Skip.If(Env(KillLeaderVariable) is null || Env(RestartNodesVariable) is null,
            $"{KillLeaderVariable} and {RestartNodesVariable} must both be set to run the failover tests.");
        return (cs, Env(KillLeaderVariable)!, Env(RestartNodesVariable)!);
    }

    /// <summary>The same cluster with other settings, e.g. <c>nodePreference=follower</c>.</summary>
    public static string With(string connectionString, string setting) =>
        connectionString + (connectionString.Contains('?', StringComparison.Ordinal) ? "&" : "?") + setting;

    /// <summary>The same credentials and settings, another host list and scheme (<c>kurrentdb</c> or <c>kurrentdb+discover</c>).</summary>
    public static string WithHosts(string connectionString, string scheme, string hosts)
    {
        var rest = connectionString[(connectionString.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var end = rest.IndexOfAny(['/', '?']);
        var authority = end < 0 ? rest : rest[..end];
        var credentials = authority.LastIndexOf('@') is var at and >= 0 ? authority[..(at + 1)] : "";
        var query = rest.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? rest[q..] : "";
        return $"{scheme}://{credentials}{hosts}{query}";
    }

    public static async Task<IReadOnlyList<MemberInfo>> MembersAsync(string connectionString)
    {
        await using var connection = KurrentDbConnection.Create(connectionString);
        return await connection.GossipAsync(CancellationToken.None);
    }

    /// <summary>Each host's own gossip, one line per host (`host: port State, …`), or why it did not answer: nodes may disagree.</summary>
    public static async Task<string> GossipOfEachAsync(string connectionString)
    {
        var hosts = KurrentDbConnectionSettings.Parse(connectionString).Hosts;
        var lines = await Task.WhenAll(hosts.Select(async host =>
        {
            try
            {
                var members = await MembersAsync(WithHosts(connectionString, "kurrentdb", host.ToString()));
                return $"{host}: " + string.Join(", ", members.OrderBy(m => m.HttpEndPoint.Port).Select(m => $"{m.HttpEndPoint.Port} {m.State}{(m.IsAlive ? "" : " (dead)")}"));
            }
            catch (StoreUnavailableException e)
            {
                return $"{host}: {e.Message}";
            }
        }));
        return string.Join("; ", lines);
    }

    public static KurrentDbEndpoint EndpointOf(MemberInfo m) => new(m.HttpEndPoint.Address, checked((int)m.HttpEndPoint.Port));

    public static async Task<KurrentDbEndpoint> LeaderAsync(string connectionString) =>
        EndpointOf((await MembersAsync(connectionString)).Single(m => m.IsAlive && m.State == State.Leader));

    /// <summary>The state gossip gives <paramref name="endpoint"/>.</summary>
    public static async Task<State> StateOfAsync(string connectionString, KurrentDbEndpoint endpoint) =>
        (await MembersAsync(connectionString)).Single(m => m.IsAlive && EndpointOf(m) == endpoint).State;

    /// <summary>Waits until gossip shows one leader and every other live node following it (after a restart).</summary>
    public static async Task WaitUntilSettledAsync(string connectionString, int nodes = 3)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                var members = (await MembersAsync(connectionString)).Where(m => m.IsAlive).ToList();
                if (members.Count(m => m.State == State.Leader) == 1 && members.Count(m => m.State is State.Leader or State.Follower) >= nodes) return;
            }
            catch (StoreUnavailableException)
            {
            }
            await Task.Delay(250, cts.Token);
        }
    }

    /// <summary>
    /// An append, repeated with the same events and expectation while its outcome is unknown, as the store tells its callers to
    /// (docs/kurrentdb.md). A cluster just started, on the data of earlier runs, can let a commit time out on the server
    /// ("Commit phase timeout": a quorum did not acknowledge it within the server's commit timeout); seen failing a discovery
    /// test's append once, which asserts where calls go, not that every commit is fast.
    /// </summary>
    public static async Task<AppendResult> AppendAsync(KurrentDbEventStore store, string stream, ExpectedRevision expected, IReadOnlyList<EventData> events)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await store.AppendAsync(stream, expected, events);
            }
            catch (StoreUnavailableException e) when (e.OutcomeUnknown && attempt < 5)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Runs a shell command given by the environment; a failure fails the test with its output.</summary>
    public static async Task<string> RunAsync(string command)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await error;
        if (process.ExitCode != 0) throw new InvalidOperationException($"'{command}' exited with {process.ExitCode}: {text}");
        return text;
    }
}
