using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Benchmarks.Macro;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Store.KurrentDb;
using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Benchmarks.Cluster;

/// <summary>
/// <c>macro failover [--failovers 5] [--writers 4] [--settle 3]</c>: W writers send commands through the full
/// pipeline to the cluster in KURRENTDB_CLUSTER, each retried with the same command id after a
/// <see cref="StoreUnavailableException"/>; the leader is killed (KURRENTDB_KILL_LEADER) F times, each time restarted
/// (KURRENTDB_RESTART_NODES) and the cluster let settle. Per failover: election time (from the moment the leader
/// refuses connections until gossip names another leader), longest pause between acknowledged commands, commands that failed
/// before one went through again; at the end, acknowledged events lost, events doubled and events stored that no acknowledgement names (all must be 0).
/// </summary>
public static class FailoverScenario
{
    private sealed record Ack(int Writer, Guid EventId, TimeSpan At);

    public static async Task RunAsync(Options o)
    {
        var cs = ClusterEnvironment.ConnectionString;
        var (kill, restart) = (ClusterEnvironment.Required("KURRENTDB_KILL_LEADER"), ClusterEnvironment.Required("KURRENTDB_RESTART_NODES"));
        var (failovers, writers, settle) = (o.Int("failovers", 5), o.Int("writers", 4), TimeSpan.FromSeconds(o.Int("settle", 3)));
        Measure.Report("cluster", $"{KurrentDbConnectionSettings.Parse(cs).Address} (tls={KurrentDbConnectionSettings.Parse(cs).Tls}), {writers} writers");

        await using var store = await KurrentDbEventStore.ConnectAsync(cs);
        await using var services = Ledgers.Services(store);
        await using var gossip = KurrentDbConnection.Create(cs);
        var run = Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        var acks = new ConcurrentQueue<Ack>();
        var failures = new ConcurrentQueue<TimeSpan>();
        using var stop = new CancellationTokenSource();

        async Task WriteAsync(int writer)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var command = new HoldEngagement($"fb{run}-w{writer}", $"fb{run}-x", "meeting", $"meeting {n}")
                {
                    CommandId = Guid.NewGuid(), EffectiveDate = "2025-01-01", RecordedBy = "benchmark",
                    Sources = [new SourceInput("Reuters", "A report", "https://example.org/report", null, "2025-01")],
                };
                while (true)
                {
                    try
                    {
                        var recorded = await services.SendAsync(command);
                        acks.Enqueue(new(writer, recorded.EventId, clock.Elapsed));
                        break;
                    }
                    catch (StoreUnavailableException)
                    {
                        failures.Enqueue(clock.Elapsed);
                        await Task.Delay(50);
                    }
                }
            }
        }

        var load = Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(w))).ToArray();
        var rows = new List<(double Election, double Pause, int Failed)>();
        for (var i = 1; i <= failovers; i++)
        {
            await Task.Delay(settle);
            var before = await ClusterEnvironment.LeadersAsync(gossip);
            var killing = ClusterEnvironment.RunAsync(kill);
            // The kill command finds the leader first (slow on a loaded machine): time from when the leader is really gone.
            var killedAt = await ClusterEnvironment.DownAsync(before.Single(), clock, TimeSpan.FromSeconds(60));
            TimeSpan? elected = null;
            while (elected is null && clock.Elapsed - killedAt < TimeSpan.FromSeconds(60))
            {
                if ((await ClusterEnvironment.LeadersAsync(gossip)).Except(before).Any()) elected = clock.Elapsed;
                else await Task.Delay(20);
            }
            await killing;
            await Task.Delay(settle);
            var window = acks.Where(a => a.At >= killedAt - TimeSpan.FromSeconds(1)).Select(a => a.At).Order().ToList();
            var pause = window.Zip(window.Skip(1), (a, b) => (b - a).TotalSeconds).DefaultIfEmpty(0).Max();
            var failed = failures.Count(f => f >= killedAt);
            var election = ((elected ?? clock.Elapsed) - killedAt).TotalSeconds;
            rows.Add((election, pause, failed));
            Measure.Report($"failover {i}", string.Create(CultureInfo.InvariantCulture,
                $"election {election:N2} s, longest write pause {pause:N2} s, {failed} failed commands before recovery"));
            await ClusterEnvironment.RunAsync(restart);
            await ClusterEnvironment.WaitUntilSettledAsync(gossip);
        }
        await stop.CancelAsync();
        await Task.WhenAll(load);

        // Every acknowledged command must be in its relationship once; nothing else may be there (every command is retried
        // until acknowledged, so an event no acknowledgement names is one recorded twice under two ids, or from nowhere).
        var (lost, doubled, stored, unacknowledged) = (0, 0, 0, 0);
        foreach (var writer in Enumerable.Range(0, writers))
        {
            var ids = await store.ReadStreamAsync(RelationshipKey.Of($"fb{run}-w{writer}", $"fb{run}-x").StreamName, ReadDirection.Forwards, null, long.MaxValue)
                .Select(e => e.EventId).ToListAsync();
            stored += ids.Count;
            doubled += ids.Count - ids.Distinct().Count();
            var present = ids.ToHashSet();
            lost += acks.Count(a => a.Writer == writer && !present.Contains(a.EventId));
            var acknowledged = acks.Where(a => a.Writer == writer).Select(a => a.EventId).ToHashSet();
            unacknowledged += present.Count(id => !acknowledged.Contains(id));
        }
        Measure.Report("failovers", string.Create(CultureInfo.InvariantCulture,
            $"{rows.Count}: election {rows.Min(r => r.Election):N2}-{rows.Max(r => r.Election):N2} s, longest write pause {rows.Min(r => r.Pause):N2}-{rows.Max(r => r.Pause):N2} s, " +
            $"failed commands {rows.Min(r => r.Failed)}-{rows.Max(r => r.Failed)} (total {failures.Count})"));
        Measure.Report("acknowledged / stored", $"{acks.Count} / {stored}: lost {lost}, doubled {doubled}, stored unacknowledged {unacknowledged}");
        Measure.Machine();
        if (lost > 0 || doubled > 0 || unacknowledged > 0)
            throw new InvalidOperationException($"{lost} acknowledged events lost, {doubled} doubled, {unacknowledged} stored that no command was acknowledged for.");
    }
}
