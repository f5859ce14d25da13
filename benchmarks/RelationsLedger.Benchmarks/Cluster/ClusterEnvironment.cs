using System.Diagnostics;
using RelationsLedger.Store.KurrentDb.Connection;
using State = RelationsLedger.Store.KurrentDb.Protocol.MemberInfo.Types.VNodeState;

namespace RelationsLedger.Benchmarks.Cluster;

/// <summary>
/// The cluster a scenario runs against, named by the same variables as the cluster tests: <c>KURRENTDB_CLUSTER</c>
/// (a connection string), <c>KURRENTDB_KILL_LEADER</c> and <c>KURRENTDB_RESTART_NODES</c> (shell commands).
/// </summary>
internal static class ClusterEnvironment
{
    public static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v ? v : throw new ArgumentException($"{variable} must be set (see docs/kurrentdb.md).");

    public static string ConnectionString => Required("KURRENTDB_CLUSTER");

    public static string With(string cs, string setting) => cs + (cs.Contains('?', StringComparison.Ordinal) ? "&" : "?") + setting;

    /// <summary>
    /// The members gossip calls a live leader now (none when no seed answers). Right after a kill the survivors may
    /// still list the dead leader as alive beside the new one, so a new leader is one in this list that was not before.
    /// </summary>
    public static async Task<IReadOnlyList<KurrentDbEndpoint>> LeadersAsync(KurrentDbConnection connection)
    {
        try
        {
            return (await connection.GossipAsync(CancellationToken.None))
                .Where(m => m.IsAlive && m.State == State.Leader)
                .Select(m => new KurrentDbEndpoint(m.HttpEndPoint.Address, checked((int)m.HttpEndPoint.Port)))
                .ToList();
        }
        catch (Application.Storage.StoreUnavailableException)
        {
            return [];
        }
    }

    /// <summary>Waits until <paramref name="node"/> refuses TCP connections (it was killed), and says when, on <paramref name="clock"/>.</summary>
    public static async Task<TimeSpan> DownAsync(KurrentDbEndpoint node, Stopwatch clock, TimeSpan patience)
    {
        var until = clock.Elapsed + patience;
        while (clock.Elapsed < until)
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
                await socket.ConnectAsync(node.Host, node.Port, timeout.Token);
            }
            catch (System.Net.Sockets.SocketException)
            {
                return clock.Elapsed;
            }
            catch (OperationCanceledException)
            {
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"{node} still accepts connections {patience.TotalSeconds:N0} s after the kill command started.");
    }

    public static async Task RunAsync(string command)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"'{command}' exited with {process.ExitCode}: {await output}{await error}");
    }

    /// <summary>Waits until gossip shows a leader and two followers (the killed node rejoined).</summary>
    public static async Task WaitUntilSettledAsync(KurrentDbConnection connection)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var members = (await connection.GossipAsync(CancellationToken.None)).Where(m => m.IsAlive).ToList();
                if (members.Count(m => m.State == State.Leader) == 1 && members.Count(m => m.State == State.Follower) >= 2) return;
            }
            catch (Application.Storage.StoreUnavailableException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The cluster did not settle (a leader and two followers) within 90 s.");
    }
}
