using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// What the embedded store keeps for event streams. Before: each stream read the log through a pooled connection with the
/// store's 32 MB page cache; a stalled stream held one, and once the streams closed the pool kept every one of them, with
/// its cache (two rounds of 100 stalled streams left the server at 1.18 GB). Now the feed reads through connections of
/// its own, not pooled, with a small cache: freed with the stream. Measured by what SQLite says it holds in the process.
/// </summary>
public sealed class FeedMemoryTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>What SQLite holds in this process (its page caches above all), in MB.</summary>
    private static double SqliteMegabytes() => SQLitePCL.raw.sqlite3_memory_used() / 1048576.0;

    /// <summary>A client whose sockets take little and which never reads: the server's buffers fill and its stream waits mid-read.</summary>
    private HttpClient StalledClient() => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = _server.BaseAddress, DefaultRequestHeaders = { Authorization = new("Bearer", ApiServer.ReaderKey) } };

    [Fact]
    public async Task Stalled_streams_leave_no_page_cache_behind_once_they_close()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        for (var b = 0; b < 30; b++)
        {
            var commands = new JsonArray([.. Enumerable.Range(0, 100).Select(i =>
            {
                var c = JsonSerializer.SerializeToNode(Bodies.Statement("RU", "AF", $"batch {b} item {i} " + new string('x', 1500)))!.AsObject();
                c["command"] = "make-statement";
                return (JsonNode)c;
            })]);
            using var response = await _server.Recorder.PostAsJsonAsync("/commands/batch", commands, cts.Token);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cts.Token));
        }
        var before = SqliteMegabytes();

        var clients = Enumerable.Range(0, 8).Select(_ => StalledClient()).ToList();
        var streams = new List<HttpResponseMessage>();
        foreach (var client in clients)
            streams.Add(await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/events/stream"), HttpCompletionOption.ResponseHeadersRead, cts.Token));
        await Task.Delay(TimeSpan.FromSeconds(3), cts.Token); // each stream reads until its buffers are full
        var stalled = SqliteMegabytes();

        foreach (var stream in streams) stream.Dispose();
        foreach (var client in clients) client.Dispose();
        var after = SqliteMegabytes();
        for (var waited = 0; after > before + 4 && waited < 50; waited++)
        {
            await Task.Delay(100, cts.Token);
            after = SqliteMegabytes();
        }
        Assert.True(after <= before + 4, $"SQLite held {before:F1} MB before the streams, {stalled:F1} MB while they stalled and still {after:F1} MB after they closed");
    }
}
