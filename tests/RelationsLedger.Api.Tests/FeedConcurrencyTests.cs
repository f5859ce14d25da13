using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeedConsumer;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The stream's hand-over from catch-up to live under load: writers post batches of many events at once (each one
/// transaction) while consumers connect at every moment — from the start, from a position a page gave out just then,
/// and by reconnecting with <c>Last-Event-ID</c> after a few events. Every consumer must receive exactly the store's
/// $all order after where it started: no gap, no repeat, no reordering. Run on both stores; on KurrentDB the node may hold
/// other tests' events, so each list is compared on this test's relationships (its own counterpart).
/// </summary>
public abstract class FeedConcurrencyTests : IAsyncLifetime
{
    private const int Writers = 4, BatchesEach = 15, BatchSize = 25;

    private readonly string _counterpart = $"fc-{Guid.NewGuid():N}"[..16];
    private ApiServer _server = null!;

    protected abstract Task<ApiServer> StartAsync();

    /// <summary>
    /// Above the default bounds on open streams (100, and 10 per key; StreamLimitTests tests them): a consumer's reconnect leaves the stream it
    /// left open while HttpClient drains it (up to 2 s), and 112 were open at once with these 30 consumers.
    /// </summary>
    protected static readonly Dictionary<string, string?> ManyStreams = new() { ["Api:MaxStreams"] = "1000", ["Api:MaxStreamsPerKey"] = "1000" };

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is { } server) await server.DisposeAsync();
    }

    private JsonArray Batch(string actor, int batch) => new([.. Enumerable.Range(0, BatchSize).Select(i =>
    {
        var command = JsonSerializer.SerializeToNode(Bodies.Statement(actor, _counterpart, $"{actor} batch {batch} item {i}"))!.AsObject();
        command["command"] = "make-statement";
        return (JsonNode)command;
    })]);

    private async Task WriteAsync(string actor)
    {
        for (var b = 0; b < BatchesEach; b++)
        {
            using var response = await _server.Recorder.PostAsJsonAsync("/commands/batch", Batch(actor, b));
            // A 500 seen once in a full run named only its trace id: the server's log says what it was.
            Assert.True(response.IsSuccessStatusCode, $"{await response.Content.ReadAsStringAsync()}{Environment.NewLine}The server logged: {_server.Log}");
        }
    }

    /// <summary>Reads from <paramref name="after"/> until <paramref name="last"/>, reconnecting with Last-Event-ID after every <paramref name="reconnectEvery"/> events.</summary>
    private bool IsMine(JsonElement e) => e.GetProperty("stream").GetString()!.Contains(_counterpart, StringComparison.Ordinal);

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
                    if (last.IsCompleted && (lastEventId?.Split('@')[0] ?? after) == await last) return received;
                    continue;
                }
                if (IsMine(m.Data)) received.Add(m.Position!);
                lastEventId = m.Id;
                if (last.IsCompleted && m.Position == await last) return received;
                if (++inThisConnection == reconnectEvery) break;
            }
        }
    }

    [SkippableFact]
    public async Task Consumers_connecting_while_batches_commit_receive_the_log_in_order_without_gaps_or_repeats()
    {
        // The server's first load of the log done first: over a long log (a KurrentDB node other suites filled) it ran beside
        // the writers and consumers, each of them then as slow as the machine made it (round 52: over the 60 s once bounding
        // the consumers). The feed does not read the read model; it only shares the server and the machine with its load.
        await _server.ReadModelCurrentAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10)); // only keeps a broken build from hanging the run
        var start = (await _server.Store.HeadAsync())?.ToString();
        var writing = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(new[] { "RU", "US", "FR", "DE" }[w]))));
        var last = writing.ContinueWith(async _ => (await _server.Store.HeadAsync())!.Value.ToString(), TaskScheduler.Default).Unwrap();

        var consumers = new List<(string? After, List<string> Received, Task Done)>();
        void Connect(string? after, int reconnectEvery)
        {
            var received = new List<string>();
            consumers.Add((after, received, ConsumeAsync(after, received, last, reconnectEvery, cts.Token)));
        }
        Connect(start, int.MaxValue);
        Connect(start, 37);
        // Not more than a few dozen: each reconnect is a request, and the machine is small.
        while (!writing.IsCompleted && consumers.Count < 30)
        {
            // A consumer starting from the log's last position at this very moment, some reconnecting often.
            Connect((await _server.Store.HeadAsync())?.ToString(), consumers.Count % 2 == 0 ? int.MaxValue : 61);
            await Task.Delay(50);
        }
        await writing;

        var log = await _server.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships)
            .Where(e => e.Stream.Contains(_counterpart, StringComparison.Ordinal)).Select(e => (e.Position, Id: e.Position.ToString())).ToListAsync();
        Assert.Equal(Writers * BatchesEach * BatchSize, log.Count);
        try
        {
            // Every consumer ends by itself at the writers' last event; what bounds the wait is the run's hang guard.
            await Task.WhenAll(consumers.Select(c => c.Done)).WaitAsync(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Assert.Fail($"consumers still waiting for {await last}: " + string.Join("; ", consumers.Where(c => !c.Done.IsCompletedSuccessfully)
                .Select(c => $"after {c.After ?? "start"}: {c.Received.Count} received, the last {c.Received.LastOrDefault()}")));
        }
        foreach (var (after, received, _) in consumers)
        {
            var expected = log.Where(e => after is null || e.Position > GlobalPosition.Parse(after)).Select(e => e.Id);
            Assert.Equal(expected, received);
        }
        Assert.True(consumers.Count > 5, $"only {consumers.Count} consumers connected while the writers wrote");
    }
}

public sealed class FeedConcurrencyOnSqliteTests : FeedConcurrencyTests
{
    protected override Task<ApiServer> StartAsync() => ApiServer.StartAsync(ManyStreams);
}

public sealed class FeedConcurrencyOnKurrentDbTests : FeedConcurrencyTests
{
    protected override async Task<ApiServer> StartAsync()
    {
        var cs = ServerUnderTest.Require();
        return await ApiServer.StartAsync(ManyStreams, openStore: async _ => await KurrentDbEventStore.ConnectAsync(cs));
    }
}
