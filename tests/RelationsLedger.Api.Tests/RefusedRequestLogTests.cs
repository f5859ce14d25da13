using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A request refused for its pace or its size was logged without who sent it (Kestrel says these at Debug, under a connection
/// id): an operator fighting one abusive client could not name it. Now a warning names the key when the request's head was
/// read whole, else the address it came from. Raw sockets against the real server; the key's secret is never in the log.
/// </summary>
public sealed class RefusedRequestLogTests
{
    /// <summary>Kestrel's waits shortened, so that a trickle is refused in seconds (the defaults are 30 s and a 5 s grace).</summary>
    private static Task<ApiServer> StartAsync() => ApiServer.StartAsync(services: s => s.Configure<KestrelServerOptions>(k =>
    {
        k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(2);
        k.Limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(2));
    }));

    [Fact]
    public async Task A_head_that_trickles_is_logged_with_the_address_it_came_from_and_no_key()
    {
        await using var server = await StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var socket = await ConnectAsync(server, cts.Token);
        var head = $"GET /relationships HTTP/1.1\r\nHost: x\r\nX-Api-Key: {ApiServer.ReaderKey}\r\nX-Slow: ";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head), cts.Token);
        var answer = ReadAnswerAsync(socket, cts.Token);
        while (!answer.IsCompleted) // a byte every 300 ms, the head never ended
        {
            try { await socket.SendAsync("a"u8.ToArray(), cts.Token); } catch (SocketException) { break; }
            await Task.WhenAny(answer, Task.Delay(300, cts.Token));
        }
        Assert.StartsWith("HTTP/1.1 408", await answer, StringComparison.Ordinal);
        var line = await LineAsync(server, "answered 408", cts.Token);
        Assert.Contains($"A request from {Address(socket)} was answered 408 by Kestrel itself, so no key is known: it arrived too slowly " +
            "(Kestrel: 'Reading the request headers timed out.').", line, StringComparison.Ordinal);
        AssertNoSecret(server);
    }

    [Theory]
    [InlineData(431, "its headers are over Kestrel's 32 KB or 100 fields (Kestrel: 'Request headers too long.').")]
    [InlineData(414, "its request line is over Kestrel's 8 KB (Kestrel: 'Request line too long.').")]
    public async Task A_head_too_large_is_logged_with_the_address_it_came_from_and_no_key(int status, string why)
    {
        await using var server = await StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var socket = await ConnectAsync(server, cts.Token);
        var head = status == 431
            ? $"GET /relationships HTTP/1.1\r\nHost: x\r\nX-Api-Key: {ApiServer.ReaderKey}\r\nX-Big: {new string('a', 40_000)}\r\n\r\n"
            : $"GET /relationships?q={new string('a', 10_000)} HTTP/1.1\r\nHost: x\r\nX-Api-Key: {ApiServer.ReaderKey}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head), cts.Token);
        Assert.StartsWith($"HTTP/1.1 {status}", await ReadAnswerAsync(socket, cts.Token), StringComparison.Ordinal);
        var line = await LineAsync(server, $"answered {status}", cts.Token);
        Assert.Contains($"A request from {Address(socket)} was answered {status} by Kestrel itself, so no key is known: {why}", line, StringComparison.Ordinal);
        AssertNoSecret(server);
    }

    [Fact]
    public async Task A_body_that_trickles_is_logged_with_its_key_and_address()
    {
        await using var server = await StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var socket = await ConnectAsync(server, cts.Token);
        var head = $"POST /commands/make-statement HTTP/1.1\r\nHost: x\r\nX-Api-Key: {ApiServer.RecorderKey}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{{";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head), cts.Token);
        var answer = ReadAnswerAsync(socket, cts.Token);
        while (!answer.IsCompleted) // a byte a second, far under 240 B/s
        {
            try { await socket.SendAsync(" "u8.ToArray(), cts.Token); } catch (SocketException) { break; }
            await Task.WhenAny(answer, Task.Delay(1000, cts.Token));
        }
        Assert.StartsWith("HTTP/1.1 408", await answer, StringComparison.Ordinal);
        var line = await LineAsync(server, "answered 408", cts.Token);
        Assert.Contains($"A request of the key 'test-recorder' from {Address(socket)} (POST /commands/make-statement) was answered 408: its body arrived too slowly.",
            line, StringComparison.Ordinal);
        await Task.Delay(500, cts.Token); // Kestrel's own line of the body's refusal is not said again without the key
        Assert.Single(server.Log.Lines, l => l.Contains("answered 408", StringComparison.Ordinal));
        AssertNoSecret(server);
    }

    [Fact]
    public async Task A_body_too_large_is_logged_once_with_its_key_and_address()
    {
        await using var server = await StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var socket = await ConnectAsync(server, cts.Token);
        var head = $"POST /commands/make-statement HTTP/1.1\r\nHost: x\r\nX-Api-Key: {ApiServer.RecorderKey}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head), cts.Token);
        Assert.StartsWith("HTTP/1.1 413", await ReadAnswerAsync(socket, cts.Token), StringComparison.Ordinal);
        var line = await LineAsync(server, "answered 413", cts.Token);
        Assert.Contains($"A request of the key 'test-recorder' from {Address(socket)} (POST /commands/make-statement) was answered 413: its body is too large.",
            line, StringComparison.Ordinal);
        socket.Shutdown(SocketShutdown.Send); // Kestrel refuses the unread body too, in its own line: said once, with the key
        await Task.Delay(500, cts.Token);
        Assert.Single(server.Log.Lines, l => l.Contains("answered 413", StringComparison.Ordinal));
        AssertNoSecret(server);
    }

    private static async Task<Socket> ConnectAsync(ApiServer server, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port, ct);
        return socket;
    }

    /// <summary>The client's address as the server sees it (the socket's local end).</summary>
    private static string Address(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).ToString();

    /// <summary>The answer's first bytes (its status line and more), once the server has written any.</summary>
    private static async Task<string> ReadAnswerAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[4096];
        var read = await socket.ReceiveAsync(buffer, ct);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    /// <summary>The server's log line that holds <paramref name="text"/>, once written (the server logs after it answers).</summary>
    private static async Task<string> LineAsync(ApiServer server, string text, CancellationToken ct)
    {
        using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (server.Log.Lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line) return line;
            Assert.False(waited.IsCancellationRequested, $"No log line with '{text}' 10 s after the answer. The log: {server.Log}");
            await Task.Delay(50, ct);
        }
    }

    private static void AssertNoSecret(ApiServer server) =>
        Assert.DoesNotContain(server.Log.Lines, l => l.Contains(ApiServer.ReaderKey, StringComparison.Ordinal) || l.Contains(ApiServer.RecorderKey, StringComparison.Ordinal));
}
