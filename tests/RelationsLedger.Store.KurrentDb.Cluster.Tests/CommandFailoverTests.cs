using System.Collections.Concurrent;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using Xunit.Abstractions;

namespace RelationsLedger.Store.KurrentDb.Cluster.Tests;

/// <summary>
/// Commands through the whole pipeline (MediatR, validation, decision, append) while the leader is killed: each
/// either succeeds or fails with <see cref="StoreUnavailableException"/>, and retried with the same command id it
/// is recorded exactly once — no acknowledged event lost, none doubled. What each writer met on the way (every failure, every
/// retry's answer, the failover's times) is written to the test's output, so that a failure says what led to it.
/// </summary>
public sealed class CommandFailoverTests(ITestOutputHelper output)
{
    private const int Writers = 4;

    [SkippableFact]
    public async Task Commands_retried_with_their_id_through_a_leader_failover_are_each_recorded_exactly_once()
    {
        var (cs, kill, restart) = ClusterUnderTest.RequireFailover();
        await using var ledger = await TestLedger.OpenAsync(cs);
        var run = Guid.NewGuid().ToString("N")[..8];
        var acked = Enumerable.Range(0, Writers).Select(_ => new ConcurrentQueue<Guid>()).ToArray();
        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentQueue<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sent = 0;
        void Saw(string what) => seen.Enqueue($"{clock.Elapsed.TotalSeconds,8:F3} s {what}");

        async Task WriteAsync(int writer, CancellationToken stop)
        {
            var (a, b) = ($"fo{run}-w{writer}", $"fo{run}-x");
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var command = TestLedger.Sourced(new HoldEngagement(a, b, "meeting", $"meeting {n}"), "2025-01-01") with { CommandId = Guid.NewGuid() };
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        var recorded = await ledger.Send(command, CancellationToken.None); // a command sent is answered, also after the stop
                        acked[writer].Enqueue(recorded.EventId);
                        Interlocked.Increment(ref sent);
                        if (attempt > 1) Saw($"w{writer} {command.CommandId} attempt {attempt}: revision {recorded.Revision}, already recorded: {recorded.AlreadyRecorded}");
                        break;
                    }
                    catch (StoreUnavailableException e) when (attempt < 100)
                    {
                        // The clear, retriable error: the same command, the same id, again.
                        failures.Enqueue(e.Message);
                        Saw($"w{writer} {command.CommandId} attempt {attempt}: {e.Message}");
                        await Task.Delay(100, CancellationToken.None);
                    }
                    catch (Exception e)
                    {
                        Saw($"w{writer} {command.CommandId} attempt {attempt} ENDED THE WRITER: {e}");
                        throw;
                    }
                }
            }
        }

        var writes = ((KurrentDbEventStore)ledger.Store).Connection;
        var failover = new Failover(kill, restart, cs)
        {
            AfterKill = async killed => Saw($"{killed}; writes go to {writes.WriteEndpoint}; gossip: {await ClusterUnderTest.GossipOfEachAsync(cs)}"),
        };
        try
        {
            await failover.RunAsync(
                stop => Task.WhenAll(Enumerable.Range(0, Writers).Select(w => WriteAsync(w, stop))),
                async () =>
                {
                    while (Volatile.Read(ref sent) < 40) await Task.Delay(20);
                    Saw($"killing the leader; writes go to {writes.WriteEndpoint}; gossip: {await ClusterUnderTest.GossipOfEachAsync(cs)}");
                });
            Saw($"the killed node is back and the cluster settled; gossip: {await ClusterUnderTest.GossipOfEachAsync(cs)}");

            for (var w = 0; w < Writers; w++)
            {
                var stream = RelationshipKey.Of($"fo{run}-w{w}", $"fo{run}-x").StreamName;
                var stored = await ledger.Store.ReadStreamAsync(stream, ReadDirection.Forwards, null, long.MaxValue).Select(e => e.EventId).ToListAsync();
                Assert.Equal(stored.Count, stored.Distinct().Count());       // none doubled
                Assert.Equal(acked[w].ToHashSet(), stored.ToHashSet());       // none lost, none unacknowledged
                var report = await ledger.Send(new VerifyLedger($"fo{run}-w{w}", $"fo{run}-x"));
                Assert.True(report.Ok, string.Join("; ", report.Findings));
            }
            Assert.True(sent > 40, $"only {sent} commands were recorded");
            Assert.All(failures, m => Assert.Matches("KurrentDB|cluster", m));
        }
        finally
        {
            output.WriteLine($"{Volatile.Read(ref sent)} commands recorded; leader killed at {failover.Times?.Kill.TotalSeconds:F3} s, new leader at {failover.Times?.Elected.TotalSeconds:F3} s");
            foreach (var line in seen) output.WriteLine(line);
        }
    }

    [SkippableFact]
    public async Task A_command_id_used_on_one_relationship_is_refused_on_another_and_recognised_on_its_own()
    {
        await using var ledger = await TestLedger.OpenAsync(ClusterUnderTest.Require());
        var run = Guid.NewGuid().ToString("N")[..8];
        var command = TestLedger.Sourced(new HoldEngagement($"id{run}-a", $"id{run}-b", "meeting", "first"), "2025-01-01") with { CommandId = Guid.NewGuid() };
        var recorded = await ledger.Send(command);
        Assert.False(recorded.AlreadyRecorded);

        var elsewhere = command with { PartyB = $"id{run}-c" };
        var error = await Assert.ThrowsAsync<CommandIdReusedException>(() => ledger.Send(elsewhere));
        Assert.Contains(RelationshipKey.Of($"id{run}-a", $"id{run}-b").StreamName, error.Message, StringComparison.Ordinal);
        Assert.Empty(await ledger.Store.ReadStreamAsync(RelationshipKey.Of($"id{run}-a", $"id{run}-c").StreamName, ReadDirection.Forwards, null, 10).ToListAsync());

        Assert.True((await ledger.Send(command)).AlreadyRecorded);
    }
}
