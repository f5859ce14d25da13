using System.Collections.Concurrent;
using System.Text.Json;
using RelationsLedger.Application.Storage;
using Xunit.Abstractions;

namespace RelationsLedger.Store.KurrentDb.Cluster.Tests;

/// <summary>
/// <c>ledger serve</c> on a single node on disk that is stopped and started again under it (<see cref="RestartableNode"/>), with
/// downstream services on its feed (<c>/events</c> pages from a checkpoint, <c>/events/stream</c>) and a writer: while the node is
/// away each consumer is told so in words (a 503 naming the store, not a hang or a 500; on the stream, a comment when it goes and
/// one when it is back), the server's own subscription resumes
/// by itself, and each consumer resuming from its checkpoint takes every event once. A node wiped and started empty under the
/// same <c>serve</c> is another log: the old checkpoints are refused, not read as if the new log continued them.
/// </summary>
public sealed class NodeRestartFeedTests(ITestOutputHelper output)
{
    private static object Engagement(string party, int n) => new
    {
        partyA = party, partyB = "nrx", kind = "meeting", title = $"meeting {n}", effectiveDate = "2025-01-01", recordedBy = "tester",
        sources = new[] { new { publisher = "Reuters", title = "A report", publishedOn = "2025-01" } },
    };

    private static readonly TimeSpan Away = TimeSpan.FromSeconds(8);

    [SkippableFact]
    public async Task Feed_consumers_are_told_the_store_is_away_and_resume_from_their_checkpoints_after_the_node_restarts()
    {
        var (cs, stop, start, _) = RestartableNode.Require();
        await using var serve = await LedgerServe.StartAsync(cs);
        var run = Guid.NewGuid().ToString("N")[..8];
        var party = $"nr{run}-a";
        var (_, seedId, seedPosition) = await serve.RecordAsync("hold-engagement", Engagement(party, 0), Guid.NewGuid().ToString());
        var seed = $"{seedPosition}@{seedId:D}";

        var stream = new StreamingConsumer("stream", seed, serve.Http);
        var pages = new PagingConsumer("pages", seed, _ => serve.Http);
        using var consuming = new CancellationTokenSource();
        var running = new FeedConsumer[] { stream, pages }.Select(c => Task.Run(() => c.RunAsync(consuming.Token))).ToArray();

        var acked = new ConcurrentQueue<(GlobalPosition Position, Guid EventId)>();
        var refused = new ConcurrentQueue<string>();
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var n = 1; !writing.IsCancellationRequested; n++)
            {
                var key = Guid.NewGuid().ToString();
                while (true)
                {
                    var (status, id, position) = await serve.RecordAsync("hold-engagement", Engagement(party, n), key);
                    if (status is 200 or 201) { acked.Enqueue((GlobalPosition.Parse(position!), id)); break; }
                    refused.Enqueue($"{status}");
                    Assert.Equal(503, status);
                    await Task.Delay(200, CancellationToken.None);
                }
                await Task.Delay(20, CancellationToken.None);
            }
        });

        while (acked.Count < 20) await Task.Delay(20);
        var before = acked.Count;
        var stopped = await ClusterUnderTest.RunAsync(stop);
        // While the node is away: what a page, a question and the health check answer.
        await Task.Delay(Away / 2);
        using var pageWhileAway = await serve.Http.GetAsync($"/events?after={seedPosition}&afterEventId={seedId:D}");
        var pageText = await pageWhileAway.Content.ReadAsStringAsync();
        using var readyWhileAway = await serve.Http.GetAsync("/health/ready");
        await Task.Delay(Away / 2);
        var started = await ClusterUnderTest.RunAsync(start);
        while (acked.Count < before + 20) await Task.Delay(20);
        await writing.CancelAsync();
        await writer;

        var expected = acked.OrderBy(e => e.Position).Select(e => e.EventId).ToList();
        var last = acked.Max(e => e.Position);
        List<Guid> Took(FeedConsumer c) => c.Events.Where(e => e.Stream.Contains(run, StringComparison.Ordinal)).Select(e => e.EventId).ToList();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((Took(stream).Count < expected.Count || Took(pages).Count < expected.Count) && !patience.IsCancellationRequested) await Task.Delay(100);
        await consuming.CancelAsync();
        await Task.WhenAll(running);

        // The server's own subscription (its read model) resumed by itself: a question is answered current, past the last event.
        using var state = await serve.Http.GetAsync($"/relationships/{party}/nrx/state?asOf=2025-12-31");
        using var answer = JsonDocument.Parse(await state.Content.ReadAsStringAsync());
        var readModel = answer.RootElement.GetProperty("readModel");

        output.WriteLine($"stop: {stopped.Trim()}; start: {started.Trim()}; {expected.Count} commands accepted, {refused.Count} answers 503 to the writer");
        output.WriteLine($"a page while away: {(int)pageWhileAway.StatusCode} {pageText}");
        output.WriteLine($"/health/ready while away: {(int)readyWhileAway.StatusCode}");
        output.WriteLine($"read model after: {readModel}");
        foreach (var c in new FeedConsumer[] { stream, pages })
        {
            output.WriteLine($"{c.Name}: {Took(c).Count} events; other answers:");
            foreach (var a in c.Answers.Take(10)) output.WriteLine("  " + a);
        }
        foreach (var comment in stream.Comments) output.WriteLine("  stream comment " + comment);

        Assert.Equal(503, (int)pageWhileAway.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), pageWhileAway.Headers.RetryAfter?.Delta);
        Assert.Contains("store-unavailable", pageText, StringComparison.Ordinal);
        // The open stream's consumer is told, in comment lines a client reading only data: lines passes over, that the store is
        // away and then that it is back, on the same connection (before round 45: only heartbeats, as on an idle stream).
        var comments = stream.Comments.Select(c => c[(c.IndexOf(" s ", StringComparison.Ordinal) + 3)..]).ToList();
        var away = Assert.Single(comments, c => c.StartsWith(": store unavailable since ", StringComparison.Ordinal));
        Assert.EndsWith(", retrying; the stream goes on by itself when it is back", away, StringComparison.Ordinal);
        Assert.Matches(@"^: store available again after \d+\.\d s$", comments[comments.IndexOf(away) + 1]);
        Assert.Equal(1, stream.Connections);
        Assert.DoesNotContain("   at ", pageText, StringComparison.Ordinal);
        Assert.Equal(503, (int)readyWhileAway.StatusCode);
        foreach (var c in new FeedConsumer[] { stream, pages })
        {
            Assert.Equal(expected, Took(c));
            Assert.Equal(c.Events.Count, c.Events.Select(e => e.EventId).Distinct().Count());
            Assert.DoesNotContain(c.Answers, a => a.Contains(": 500 ", StringComparison.Ordinal) || a.Contains(": 400 ", StringComparison.Ordinal));
        }
        Assert.True(readModel.GetProperty("isCurrent").GetBoolean(), $"{readModel}");
        Assert.True(GlobalPosition.Parse(readModel.GetProperty("position").GetString()!) >= last, $"{readModel}");
    }

    [SkippableFact]
    public async Task A_node_wiped_and_started_empty_under_the_feed_has_its_old_checkpoints_refused()
    {
        var (cs, _, start, wipe) = RestartableNode.Require();
        await using var serve = await LedgerServe.StartAsync(cs);
        var run = Guid.NewGuid().ToString("N")[..8];
        var party = $"nw{run}-a";
        for (var n = 0; n < 5; n++) Assert.True((await serve.RecordAsync("hold-engagement", Engagement(party, n), Guid.NewGuid().ToString())).Status is 200 or 201);
        var (_, seedId, seedPosition) = await serve.RecordAsync("hold-engagement", Engagement(party, 5), Guid.NewGuid().ToString());
        var checkpoint = $"{seedPosition}@{seedId:D}";

        // A stream open across the wipe, standing on the checkpoint.
        var stream = new StreamingConsumer("stream", checkpoint, serve.Http);
        using var consuming = new CancellationTokenSource();
        var streaming = Task.Run(() => stream.RunAsync(consuming.Token));
        await Task.Delay(1000);

        var wiped = await ClusterUnderTest.RunAsync(wipe);
        var started = await ClusterUnderTest.RunAsync(start);
        // The new log gets events of its own, so that it reaches past nothing the old one held only by chance.
        var recorded = new List<string>();
        for (var n = 0; n < 30; n++)
        {
            var (status, _, position) = await serve.RecordAsync("hold-engagement", Engagement($"nw{run}-b", n), Guid.NewGuid().ToString());
            recorded.Add(status is 200 or 201 ? position! : $"{status}");
            if (status is not (200 or 201)) await Task.Delay(300);
        }
        using var page = await serve.Http.GetAsync($"/events?after={seedPosition}&afterEventId={seedId:D}");
        var pageText = await page.Content.ReadAsStringAsync();
        using var plain = await serve.Http.GetAsync($"/events?after={seedPosition}");
        var plainText = await plain.Content.ReadAsStringAsync();
        await Task.Delay(3000);
        await consuming.CancelAsync();
        await streaming;

        output.WriteLine($"wipe: {wiped.Trim()}; start: {started.Trim()}; recorded on the new log: {string.Join(", ", recorded)}");
        output.WriteLine($"page from the old checkpoint: {(int)page.StatusCode} {pageText}");
        output.WriteLine($"page from the old position alone: {(int)plain.StatusCode} {plainText[..Math.Min(600, plainText.Length)]}");
        output.WriteLine($"stream: {stream.Events.Count} events after the checkpoint, {stream.Connections} connections");
        foreach (var a in stream.Answers.Take(10)) output.WriteLine("  " + a);

        // Until the server is restarted it says that its store now holds another ledger (not "try again later"), and sends nothing of the new log.
        Assert.Equal(503, (int)page.StatusCode);
        Assert.Contains("store-holds-another-ledger", pageText, StringComparison.Ordinal);
        Assert.Contains("store-holds-another-ledger", plainText, StringComparison.Ordinal);
        Assert.Empty(stream.Events);
        Assert.Contains(stream.Answers, a => a.Contains("store-holds-another-ledger", StringComparison.Ordinal));
        Assert.DoesNotContain(stream.Answers, a => a.Contains("store-unavailable", StringComparison.Ordinal));

        // Restarted on the new log (as the answer says), the server refuses the old checkpoint: it is not an event of this log.
        await using var restarted = await LedgerServe.StartAsync(cs);
        using var again = await restarted.Http.GetAsync($"/events?after={seedPosition}&afterEventId={seedId:D}");
        var againText = await again.Content.ReadAsStringAsync();
        output.WriteLine($"after a restart of serve, the old checkpoint: {(int)again.StatusCode} {againText}");
        Assert.Equal(400, (int)again.StatusCode);
        Assert.Contains("afterEventId", againText, StringComparison.Ordinal);
    }
}
