using System.Net;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeedConsumer;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Api.Feed;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The server stopping while streams are open — one consumer reading, one that stopped reading with the server's buffers
/// full: the server stops promptly, each stream ends (a consumer is not left waiting), and the reading one resumes after
/// the restart from its last id, with nothing skipped or repeated. Before: the reading consumer's connection was reset
/// ("Connection reset by peer") rather than its stream ended — the stop cancelled the write in flight, and Kestrel aborts
/// a connection whose write is cancelled midway. Each consumer has a client of its own: the server's own clients are
/// disposed as it stops, which ends their streams from the client's side before the server's stop meets them.
/// </summary>
public sealed class FeedShutdownTests : IAsyncLifetime
{
    private ApiServer _server = null!;
    private readonly WaitingWrites _writes = new();

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync(services: s => s.AddSingleton<IStreamWriteWatch>(_writes));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task RecordManyAsync(int batches, int each, int filler = 400)
    {
        for (var b = 0; b < batches; b++)
        {
            var commands = new JsonArray([.. Enumerable.Range(0, each).Select(i =>
            {
                var c = JsonSerializer.SerializeToNode(Bodies.Statement("RU", "AF", $"batch {b} item {i} " + new string('x', filler)))!.AsObject();
                c["command"] = "make-statement";
                return (JsonNode)c;
            })]);
            using var response = await _server.Recorder.PostAsJsonAsync("/commands/batch", commands);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>
    /// Found by round 38's hostile tester: a stream idle at the end of the log (a consumer caught up, the common case) ended
    /// at a stop without the ": server stopping" the docs promise — its subscription saw the stop first and completed the
    /// stream's channel, and the writer took that for the end of the log. Read on a raw connection, line by line.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_stream_idle_at_the_end_of_the_log_says_server_stopping_when_the_server_stops(int _)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        (await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "the one event"))).Dispose();
        using var client = _server.Client(ApiServer.ReaderKey);
        using var response = await client.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        while (await reader.ReadLineAsync(cts.Token) is { } line && !line.StartsWith("data: ", StringComparison.Ordinal)) { }
        await Task.Delay(300, cts.Token); // caught up: the subscription waits for the next append

        var stop = _server.RestartAsync();
        var rest = await reader.ReadToEndAsync(cts.Token);
        await stop;

        Assert.EndsWith("\n: server stopping\n\n", rest, StringComparison.Ordinal);
        Assert.Equal("", rest.Replace("\n: heartbeat\n", "", StringComparison.Ordinal).Replace("\n: server stopping\n\n", "", StringComparison.Ordinal)); // heartbeats only before it
    }

    [Fact]
    public async Task Stopping_the_server_ends_an_open_stream_after_its_last_whole_event_and_the_reader_resumes_after_it()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await RecordManyAsync(20, 100);

        using var readingClient = _server.Client(ApiServer.ReaderKey);
        var feed = new LedgerFeed(readingClient);
        var received = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var m in feed.ReadAsync(null, ct: cts.Token))
                if (!m.IsHeartbeat) received.Add(m.Position!);
        }, cts.Token);
        while (received.Count < 500) await Task.Delay(10, cts.Token);

        await _server.RestartAsync();
        await reading.WaitAsync(TimeSpan.FromSeconds(15), cts.Token); // the stream ended cleanly: no reset, no consumer left waiting
        // Events after the stop too, so that the resume always has something to give: a reader that had taken all 2,000 before the
        // stream ended (seen in round 45, and the likely cause of that round's one failure under load) waited for a position 2000
        // that had already come, until the test's 60 s ran out.
        await RecordManyAsync(1, 100);

        var rest = new List<string>();
        try
        {
            await foreach (var m in new LedgerFeed(_server.Reader).ReadAsync(feed.LastEventId, ct: cts.Token))
            {
                if (m.IsHeartbeat) continue;
                rest.Add(m.Position!);
                if (m.Position == "2100") break;
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            // Said whole: the live run of round 45 (load ~12) ended here with only "The operation was canceled", which could not
            // tell an event the resumed stream skipped from one it had already given.
            Assert.Fail($"The resumed stream did not reach position 2100 within 60 s: {received.Count} events before the stop (the last " +
                $"{received.LastOrDefault()}, Last-Event-ID {feed.LastEventId}), {rest.Count} after it ({rest.FirstOrDefault()} … {rest.LastOrDefault()}); " +
                $"missing: {string.Join(", ", Enumerable.Range(1, 2100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Except(received.Concat(rest)).Take(20))}.");
        }
        Assert.Equal(Enumerable.Range(1, 2100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), received.Concat(rest));
    }

    [Fact]
    public async Task A_consumer_that_stopped_reading_holds_the_stop_only_for_the_grace_and_then_its_connection_is_aborted()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await RecordManyAsync(30, 100, filler: 1900); // ~6 MB of events: more than the socket buffers on both sides hold

        // A raw connection that asks for the stream and reads nothing; its small receive buffer fills at once.
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 8192 };
        await stalled.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port, cts.Token);
        await stalled.SendAsync(Encoding.ASCII.GetBytes(
            $"GET /events/stream HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nAuthorization: Bearer {ApiServer.ReaderKey}\r\n\r\n"), cts.Token);
        // The server says when its write to this connection waits on the client. Before, the test guessed it from the bytes
        // waiting in the socket no longer growing for 0.5 s, which a pause in the server's own work (reading, serializing,
        // a machine under load) looks like too: then the stop met no waiting write and took less than the grace (CI, once).
        // A write of the stream waits only once Kestrel holds ~1 MB its socket cannot take; one waiting a second is blocked.
        var port = ((IPEndPoint)stalled.LocalEndPoint!).Port;
        await _writes.WaitingAsync(port, TimeSpan.FromSeconds(1), within: TimeSpan.FromSeconds(30), cts.Token);

        // The stop waits for the stream's write for ServerSentEvents.StopGrace (2 s), then aborts the connection; a stream
        // whose write was never given up would hold it for the host's shutdown timeout (30 s): half of that tells them apart
        // on a loaded machine. The stop alone is timed: the start after it takes seconds of its own under load.
        var stopping = Stopwatch.StartNew();
        var stopped = TimeSpan.Zero;
        await _server.RestartAsync(whileStopped: () => stopped = stopping.Elapsed);
        Assert.True(stopped < TimeSpan.FromSeconds(15), $"the server took {stopped} to stop");
        Assert.False(_writes.EndedFor(port).Last(), "the write that waited on the stalled consumer when the stop began completed: it was not blocked, and nothing here tried the grace");
        Assert.True(stopped >= ServerSentEvents.StopGrace, $"the server stopped in {stopped}, before the grace ended its write to the stalled consumer");

        // The consumer is not left waiting: its connection ends (reset, as a write cut midway ends it).
        var buffer = new byte[64 * 1024];
        var ended = false;
        try
        {
            while (await stalled.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0) { }
            ended = true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            ended = true;
        }
        Assert.True(ended);
    }
}
