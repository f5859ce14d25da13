using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeedConsumer;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The stream's hand-over from catch-up to live under load: writers post batches of many events at once (each one
/// transaction) while consumers connect at every moment — from the start, from a position a page gave out just then,
/// and by reconnecting with <c>Last-Event-ID</c> after a few events. Every consumer must receive exactly the store's
/// $all order after where it started: no gap, no repeat, no reordering.
/// </summary>
public sealed class FeedConcurrencyTests : IAsyncLifetime
{
    private const int Writers = 4, BatchesEach = 15, BatchSize = 25;

    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static JsonArray Batch(string actor, int batch) => new([.. Enumerable.Range(0, BatchSize).Select(i =>
    {
        var command = JsonSerializer.SerializeToNode(Bodies.Statement(actor, "AF", $"{actor} batch {batch} item {i}"))!.AsObject();
        command["command"] = "make-statement";
        return (JsonNode)command;
    })]);

    private async Task WriteAsync(string actor)
    {
        for (var b = 0; b < BatchesEach; b++)
        {
            using var response = await _server.Recorder.PostAsJsonAsync("/commands/batch", Batch(actor, b));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Reads from <paramref name="after"/> until <paramref name="last"/>, reconnecting with Last-Event-ID after every <paramref name="reconnectEvery"/> events.</summary>
    private async Task<List<string>> ConsumeAsync(string? after, List<string> received, Task<string> last, int reconnectEvery, CancellationToken ct)
    {
        var feed = new LedgerFeed(_server.Reader, after is null ? "/events/stream" : $"/events/stream?after={after}");
        string? lastEventId = null;
        while (true)
        {
            var inThisConnection = 0;
            await foreach (var m in feed.ReadAsync(lastEventId, ct: ct))
            {
                if (m.IsHeartbeat)
                {
                    // Caught up with the writers' last event (a consumer that started at it receives none).
                    if (last.IsCompleted && (lastEventId ?? after) == await last) return received;
                    continue;
                }
                received.Add(m.Id!);
                lastEventId = m.Id;
                if (last.IsCompleted && m.Id == await last) return received;
                if (++inThisConnection == reconnectEvery) break;
            }
        }
    }

    [Fact]
    public async Task Consumers_connecting_while_batches_commit_receive_the_log_in_order_without_gaps_or_repeats()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var writing = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(new[] { "RU", "US", "FR", "DE" }[w]))));
        var last = writing.ContinueWith(async _ => (await _server.Store.HeadAsync())!.Value.ToString(), TaskScheduler.Default).Unwrap();

        var consumers = new List<(string? After, List<string> Received, Task Done)>();
        void Connect(string? after, int reconnectEvery)
        {
            var received = new List<string>();
            consumers.Add((after, received, ConsumeAsync(after, received, last, reconnectEvery, cts.Token)));
        }
        Connect(null, int.MaxValue);
        Connect(null, 7);
        while (!writing.IsCompleted)
        {
            // A consumer starting from the position a page gives out at this very moment, some reconnecting often.
            var page = await _server.GetJsonAsync("/events?limit=1000");
            var position = (string?)page["lastPosition"];
            Connect(position, consumers.Count % 2 == 0 ? int.MaxValue : 13);
            await Task.Delay(40);
        }
        await writing;

        var log = await _server.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships).Select(e => e.Position.ToString()).ToListAsync();
        Assert.Equal(Writers * BatchesEach * BatchSize, log.Count);
        try
        {
            await Task.WhenAll(consumers.Select(c => c.Done)).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"consumers still waiting for {await last}: " + string.Join("; ", consumers.Where(c => !c.Done.IsCompleted)
                .Select(c => $"after {c.After ?? "start"}: {c.Received.Count} received, the last {c.Received.LastOrDefault()}")));
        }
        foreach (var (after, received, _) in consumers)
        {
            var expected = after is null ? log : log.SkipWhile(p => p != after).Skip(1).ToList();
            Assert.Equal(expected, received);
        }
        Assert.True(consumers.Count > 5, $"only {consumers.Count} consumers connected while the writers wrote");
    }
}
