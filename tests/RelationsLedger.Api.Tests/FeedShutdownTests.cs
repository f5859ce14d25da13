using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeedConsumer;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The server stopping while streams are open — one consumer reading, one that stopped reading with the server's buffers
/// full: the server stops promptly, each stream ends (a consumer is not left waiting), and the reading one resumes after
/// the restart from its last id, with nothing skipped or repeated. Before: the reading consumer's connection was reset
/// ("Connection reset by peer") rather than its stream ended — the stop cancelled the write in flight, and Kestrel aborts
/// a connection whose write is cancelled midway.
/// </summary>
public sealed class FeedShutdownTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task RecordManyAsync(int batches, int each)
    {
        for (var b = 0; b < batches; b++)
        {
            var commands = new JsonArray([.. Enumerable.Range(0, each).Select(i =>
            {
                var c = JsonSerializer.SerializeToNode(Bodies.Statement("RU", "AF", $"batch {b} item {i} " + new string('x', 400)))!.AsObject();
                c["command"] = "make-statement";
                return (JsonNode)c;
            })]);
            using var response = await _server.Recorder.PostAsJsonAsync("/commands/batch", commands);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Stopping_the_server_ends_open_streams_promptly_even_one_whose_consumer_stopped_reading_and_the_reader_resumes_after_it()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await RecordManyAsync(20, 100);

        // A consumer that reads its first line and then nothing: the server's send buffers fill and its stream waits.
        using var stalledRequest = new HttpRequestMessage(HttpMethod.Get, "/events/stream");
        using var stalled = await _server.Reader.SendAsync(stalledRequest, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var stalledBody = await stalled.Content.ReadAsStreamAsync(cts.Token);
        Assert.Equal((byte)'r', (byte)stalledBody.ReadByte());

        var feed = new LedgerFeed(_server.Reader);
        var received = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var m in feed.ReadAsync(null, ct: cts.Token))
                if (!m.IsHeartbeat) received.Add(m.Position!);
        }, cts.Token);
        while (received.Count < 500) await Task.Delay(10, cts.Token);

        var stopping = Stopwatch.StartNew();
        await _server.RestartAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"the server took {stopping.Elapsed} to stop");
        await reading.WaitAsync(TimeSpan.FromSeconds(5), cts.Token); // the stream ended cleanly: no reset, no consumer left waiting

        var rest = new List<string>();
        await foreach (var m in new LedgerFeed(_server.Reader).ReadAsync(feed.LastEventId, ct: cts.Token))
        {
            if (m.IsHeartbeat) continue;
            rest.Add(m.Position!);
            if (m.Position == "2000") break;
        }
        Assert.Equal(Enumerable.Range(1, 2000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), received.Concat(rest));
    }
}
