using System.Diagnostics;

namespace RelationsLedger.Store.KurrentDb.Cluster.Tests;

/// <summary>
/// One leader failover in the middle of a test's load: kills the leader once the load is under way, lets the
/// load run on for a while after the new leader is elected, and always brings the killed node back.
/// </summary>
public sealed class Failover(string killLeader, string restartNodes, string connectionString)
{
    public TimeSpan After { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>When the kill command was started and when it returned (a new leader was elected), from the run's start.</summary>
    public (TimeSpan Kill, TimeSpan Elected)? Times { get; private set; }

    /// <summary>Told what the kill command printed (which node it killed, which one it saw elected) as soon as it returns.</summary>
    public Func<string, Task>? AfterKill { get; init; }

    /// <summary>
    /// Runs <paramref name="load"/> until <paramref name="started"/> has completed, the leader is killed and a new one
    /// elected, and <see cref="After"/> has passed; then cancels the load's token and waits for the load to end.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> load, Func<Task> started)
    {
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var running = Task.Run(() => load(stop.Token));
        try
        {
            await Within(started(), "the load's start (before the leader is killed)");
            var kill = clock.Elapsed;
            var killed = await ClusterUnderTest.RunAsync(killLeader);
            Times = (kill, clock.Elapsed);
            if (AfterKill is not null) await AfterKill(killed.Trim());
            await Task.Delay(After);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await Within(running, "the load, after it was told to stop");
            }
            finally
            {
                await ClusterUnderTest.RunAsync(restartNodes);
                await ClusterUnderTest.WaitUntilSettledAsync(connectionString);
            }
        }
    }

    /// <summary>
    /// How long the load may take to start, or to end once stopped. A cluster left without a quorum (a node of an earlier
    /// test not back) never elects a leader, and a load that retries until one answers then waited with no bound: a
    /// run hung for minutes with the machine idle instead of failing (round 38).
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private async Task Within(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Bound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what} did not end within {Bound.TotalMinutes:0} min; is the cluster without a leader? " +
                $"Gossip: {await ClusterUnderTest.GossipOfEachAsync(connectionString)}");
        }
    }
}
