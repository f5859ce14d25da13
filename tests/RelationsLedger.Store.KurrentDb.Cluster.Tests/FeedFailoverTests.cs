using System.Collections.Concurrent;
using RelationsLedger.Application.Storage;
using Xunit.Abstractions;

namespace RelationsLedger.Store.KurrentDb.Cluster.Tests;

/// <summary>
/// Downstream services reading the whole feed (<c>/events</c> pages with a checkpoint, and <c>/events/stream</c>) of two
/// <c>ledger serve</c> instances on the cluster — one reading from the leader, one from a follower — while two writers record
/// and the leader is killed: each consumer takes every event once, in global order, and its checkpoints stay valid through the
/// failover (a consumer cut off at the kill resumes from its last checkpoint). A consumer whose pages go to either instance (two
/// read replicas behind a load balancer) must not be refused a checkpoint the other instance gave it.
/// </summary>
public sealed class FeedFailoverTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Feed_consumers_resume_from_their_checkpoints_through_a_leader_failover_with_nothing_lost_or_doubled()
    {
        var (cs, kill, restart) = ClusterUnderTest.RequireFailover();
        await using var a = await LedgerServe.StartAsync(cs);
        await using var b = await LedgerServe.StartAsync(ClusterUnderTest.With(cs, "nodePreference=follower"));
        var run = Guid.NewGuid().ToString("N")[..8];

        // The consumers start after a first event, which both instances' nodes hold: what follows is the test's.
        var (_, seedId, seedPosition) = await a.RecordAsync("hold-engagement", Engagement($"fd{run}-s", 0), Guid.NewGuid().ToString());
        var seed = $"{seedPosition}@{seedId:D}";
        await WaitUntilHeldAsync(b, seed);

        var consumers = new FeedConsumer[]
        {
            new StreamingConsumer("stream-a", seed, a.Http),
            new StreamingConsumer("stream-b", seed, b.Http),
            new PagingConsumer("pages-a", seed, _ => a.Http),
            new PagingConsumer("pages-b", seed, _ => b.Http),
            new PagingConsumer("pages-a|b", seed, page => page % 2 == 0 ? a.Http : b.Http),
        };
        using var consuming = new CancellationTokenSource();
        var running = consumers.Select(c => Task.Run(() => c.RunAsync(consuming.Token))).ToArray();

        var acked = new ConcurrentQueue<(GlobalPosition Position, Guid EventId)>();
        var refused = new ConcurrentQueue<int>();
        async Task WriteAsync(LedgerServe through, string party, CancellationToken stop)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = Guid.NewGuid().ToString();
                while (true)
                {
                    // 503 is the retriable answer: the same command under the same Idempotency-Key until it is accepted.
                    var (status, id, position) = await through.RecordAsync("hold-engagement", Engagement(party, n), key);
                    if (status is 200 or 201) { acked.Enqueue((GlobalPosition.Parse(position!), id)); break; }
                    refused.Enqueue(status);
                    Assert.Equal(503, status);
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        }

        var failover = new Failover(kill, restart, cs)
        {
            // Consumers cut off at the kill, as a downstream service restarted then would be: they resume from their checkpoints.
            AfterKill = _ => { foreach (var s in consumers.OfType<StreamingConsumer>()) s.Drop(); return Task.CompletedTask; },
        };
        await failover.RunAsync(
            stop => Task.WhenAll(WriteAsync(a, $"fd{run}-w0", stop), WriteAsync(b, $"fd{run}-w1", stop)),
            async () => { while (acked.Count < 20) await Task.Delay(20); });

        var expected = acked.OrderBy(e => e.Position).Select(e => e.EventId).ToList();
        List<Guid> Took(FeedConsumer c) => c.Events.Where(e => e.Stream.Contains(run, StringComparison.Ordinal) && e.EventId != seedId).Select(e => e.EventId).ToList();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (consumers.Any(c => Took(c).Count < expected.Count) && !patience.IsCancellationRequested) await Task.Delay(100);
        await consuming.CancelAsync();
        await Task.WhenAll(running);

        output.WriteLine($"{expected.Count} commands accepted, {refused.Count} answers 503 before a retry was accepted; kill at {failover.Times?.Kill.TotalSeconds:F1} s, " +
            $"new leader at {failover.Times?.Elected.TotalSeconds:F1} s");
        foreach (var c in consumers)
        {
            output.WriteLine($"{c.Name}: {c.Events.Count} events, {Took(c).Count} of this test's, longest pause {c.LongestPause(expected.ToHashSet()).TotalSeconds:F1} s, {c.Answers.Count} other answers" +
                (c is StreamingConsumer s ? $", {s.Connections} connections" : ""));
            foreach (var answer in c.Answers.Take(12)) output.WriteLine("  " + answer);
        }

        Assert.True(expected.Count > 20);
        foreach (var c in consumers)
        {
            var events = c.Events.ToList();
            Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Position < p.Second.Position), $"{c.Name}: positions do not rise");
            Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
            Assert.Equal(expected, Took(c));
            // A 400 tells a consumer its checkpoint is no good (the docs: do not retry it); through a failover every checkpoint the feed gave out is.
            Assert.Empty(c.AnswersWith(400));
        }
    }

    /// <summary>
    /// A consumer handed from an instance reading from the leader to one reading from a follower (read replicas behind a load
    /// balancer), with the checkpoint of an event just accepted: while its follower does not hold it yet the second says so, a 503
    /// <c>feed-behind</c> with <c>Retry-After</c>, and the retry is answered. Before round 44 it was refused with a 400 calling the
    /// checkpoint another log's ("This log is not the one the checkpoint was taken from"), in 3 of 60 tries, and a consumer stops on a 400.
    /// </summary>
    [SkippableFact]
    public async Task A_checkpoint_taken_on_the_leader_is_asked_of_an_instance_reading_from_a_follower_at_once()
    {
        var cs = ClusterUnderTest.Require();
        await using var a = await LedgerServe.StartAsync(cs);
        await using var b = await LedgerServe.StartAsync(ClusterUnderTest.With(cs, "nodePreference=follower"));
        var run = Guid.NewGuid().ToString("N")[..8];
        var answers = new Dictionary<string, int>();
        var behind = new List<string>();
        for (var n = 0; n < 60; n++)
        {
            var (_, id, position) = await a.RecordAsync("hold-engagement", Engagement($"fb{run}", n), Guid.NewGuid().ToString());
            for (var attempt = 0; attempt < 50; attempt++)
            {
                using var page = await b.Http.GetAsync($"/events?after={position}&afterEventId={id:D}");
                var text = await page.Content.ReadAsStringAsync();
                var key = page.IsSuccessStatusCode ? "200" : $"{(int)page.StatusCode} {System.Text.RegularExpressions.Regex.Replace(text, "[0-9a-f-]{36}|\\d+", "#")}";
                answers[key] = answers.GetValueOrDefault(key) + 1;
                if (page.IsSuccessStatusCode) break;
                Assert.Equal(503, (int)page.StatusCode);
                Assert.Contains("urn:relationsledger:problem:feed-behind", text, StringComparison.Ordinal);
                Assert.Equal("1", page.Headers.GetValues("Retry-After").Single());
                behind.Add(text);
                await Task.Delay(20);
            }
        }
        foreach (var (answer, count) in answers) output.WriteLine($"{count} x {answer}");
        Assert.Equal(60, answers.GetValueOrDefault("200"));
    }

    private static object Engagement(string party, int n) => new
    {
        partyA = party, partyB = "fdx", kind = "meeting", title = $"meeting {n}", effectiveDate = "2025-01-01", recordedBy = "tester",
        sources = new[] { new { publisher = "Reuters", title = "A report", publishedOn = "2025-01" } },
    };

    /// <summary>Waits until the instance's feed holds the event at the checkpoint (a follower's copy of the log trails the leader's).</summary>
    private static async Task WaitUntilHeldAsync(LedgerServe serve, string checkpoint)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var at = checkpoint.Split('@');
        while (true)
        {
            using var page = await serve.Http.GetAsync($"/events?limit=1&after={at[0]}&afterEventId={at[1]}", patience.Token);
            if (page.IsSuccessStatusCode) return;
            await Task.Delay(50, patience.Token);
        }
    }
}
