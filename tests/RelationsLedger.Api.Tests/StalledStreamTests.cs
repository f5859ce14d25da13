using System.Net;
using System.Net.Sockets;
using System.Text;
using FeedConsumer;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Api.Feed;
using RelationsLedger.Api.Hosting;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// Found by round 40's hostile test: an event stream whose consumer stopped reading (its receive window full) stayed open
/// for ever — its write was given up only when the server stopped or its key was revoked — and held one of its key's
/// <c>Api:MaxStreamsPerKey</c> places, a subscription of the store and its buffers meanwhile. Now a write that waits on its
/// client for <c>Api:StalledStreamSeconds</c> ends the stream: its connection is aborted, its place given back, a warning
/// logged with the key's name. A consumer that reads, even when its writes wait, keeps its stream.
/// </summary>
public sealed class StalledStreamTests
{
    /// <summary>A raw connection with a small receive buffer that has asked for the stream and reads nothing.</summary>
    private static async Task<Socket> OpenStalledAsync(ApiServer server, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port, ct);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"GET /events/stream HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nAuthorization: Bearer {ApiServer.ReaderKey}\r\n\r\n"), ct);
        return socket;
    }

    [Fact]
    public async Task A_consumer_that_stops_reading_loses_its_stream_after_the_deadline_and_its_key_gets_the_place_back()
    {
        var writes = new WaitingWrites();
        await using var server = await ApiServer.StartAsync(
            new Dictionary<string, string?> { ["Api:StalledStreamSeconds"] = "2", ["Api:MaxStreamsPerKey"] = "1" },
            services: s => s.AddSingleton<IStreamWriteWatch>(writes));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90)); // only keeps a broken build from hanging the run
        await StalledAnswerTests.AppendLargeEventsAsync(server, count: 6, bytes: 1 << 20); // ~6 MB: far more than both sides' buffers

        using var stalled = await OpenStalledAsync(server, cts.Token);
        var port = ((IPEndPoint)stalled.LocalEndPoint!).Port;
        // The server says when its write to this connection waits on the client (a write waits only once Kestrel holds what
        // the socket cannot take): then the stream is blocked on it, and it holds the key's one place.
        await writes.WaitingAsync(port, TimeSpan.FromMilliseconds(500), within: TimeSpan.FromSeconds(30), cts.Token);
        using (var second = await server.Reader.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead, cts.Token))
            Assert.Equal((HttpStatusCode)429, second.StatusCode);

        // The write is given up (not completed) and the place comes back: the key's next stream is answered.
        using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!writes.EndedFor(port).Contains(false))
        {
            Assert.False(waited.IsCancellationRequested, "the write to the stalled consumer was not given up 30 s after it began to wait (deadline 2 s)");
            await Task.Delay(50, cts.Token);
        }
        while (true)
        {
            using var again = await server.Reader.GetAsync("/events/stream?after=6", HttpCompletionOption.ResponseHeadersRead, cts.Token);
            if (again.StatusCode == HttpStatusCode.OK) break;
            Assert.Equal((HttpStatusCode)429, again.StatusCode);
            Assert.False(waited.IsCancellationRequested, "the stalled stream's place was not given back 30 s after its write began to wait");
            await Task.Delay(50, cts.Token);
        }

        var warning = Assert.Single(server.Log.Lines, l => l.Contains("Api:StalledStreamSeconds", StringComparison.Ordinal));
        Assert.StartsWith("Warning ", warning, StringComparison.Ordinal);
        Assert.Contains("The event stream of the key 'test-reader' (/events/stream) made no progress for 2 s after ", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Log.Lines, l => l.Contains("The event stream failed", StringComparison.Ordinal));

        // The consumer is not left with an open connection: it ends (reset, as a write cut midway ends it).
        var buffer = new byte[64 * 1024];
        try
        {
            while (await stalled.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0) { }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
    }

    [Fact]
    public async Task A_consumer_that_reads_keeps_its_stream_though_the_writes_wait_on_it()
    {
        var writes = new WaitingWrites();
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string?> { ["Api:StalledStreamSeconds"] = "2" },
            services: s => s.AddSingleton<IStreamWriteWatch>(writes));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await StalledAnswerTests.AppendLargeEventsAsync(server, count: 6, bytes: 1 << 20); // each event more than the buffers: its write waits

        var positions = new List<string>();
        await foreach (var m in new LedgerFeed(server.Reader).ReadAsync(null, ct: cts.Token))
        {
            if (m.IsHeartbeat) continue;
            positions.Add(m.Position!);
            if (positions.Count == 6) break;
        }
        Assert.Equal(["1", "2", "3", "4", "5", "6"], positions);
        Assert.DoesNotContain(server.Log.Lines, l => l.Contains("Api:StalledStreamSeconds", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0", "Api:StalledStreamSeconds must be between 1 and 86400 (it is 0).")]
    [InlineData("86401", "Api:StalledStreamSeconds must be between 1 and 86400 (it is 86401).")]
    [InlineData("ten", "Api:StalledStreamSeconds: 'ten' is not a whole number.")]
    [InlineData("1.5", "Api:StalledStreamSeconds: '1.5' is not a whole number.")]
    public async Task A_stream_deadline_that_is_not_a_whole_number_of_seconds_from_1_to_a_day_stops_the_server_from_starting(string value, string message)
    {
        var refused = await Assert.ThrowsAsync<ApiConfigurationException>(() =>
            ApiServer.StartAsync(new Dictionary<string, string?> { ["Api:StalledStreamSeconds"] = value }));
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }
}
