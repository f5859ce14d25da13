using System.Net;
using System.Net.Sockets;
using System.Text;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>
/// A connection string naming a port where another kind of server listens (a web server, another <c>ledger serve</c>, a
/// port mistyped): it answers the store's HTTP/2 preface with HTTP/1.1. Before, the store took the failure for a passing
/// one (gRPC status Internal) and asked again until the deadline: 9.5 s later, "KurrentDB at 127.0.0.1:2290 failed
/// (connecting): Internal: Error starting gRPC call. HttpRequestException: The HTTP/2 server sent invalid data on the
/// connection. HTTP/2 error code 'PROTOCOL_ERROR' (0x1)", which does not say that no KurrentDB node is there. "Asked again"
/// is counted, not timed: each asking was a connection the server answered.
/// </summary>
public sealed class NotAKurrentDbServerTests
{
    [Fact]
    public async Task A_server_answering_http_1_1_is_named_as_no_kurrentdb_node_at_once()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var answered = new Answered();
        var server = AnswerHttp11Async(listener, answered, stop.Token);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => KurrentDbEventStore.ConnectAsync($"esdb://127.0.0.1:{port}?tls=false"));

        Assert.Contains($"KurrentDB at 127.0.0.1:{port} does not speak gRPC over HTTP/2 (connecting)", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a KurrentDB node", error.Message, StringComparison.Ordinal);
        // The store asks once; the HTTP handler under it opens another connection for that one request when one failed before
        // the request was sent, up to 3 times (.NET's connection pool: MaxConnectionFailureRetries) — 2 seen in CI in round 51, 3
        // in round 62. Asking again until the deadline made many more, each of them up to 4 connections.
        Assert.True(answered.Connections is >= 1 and <= 4, $"the server answered {answered.Connections} connections: the store asked again");
        await stop.CancelAsync();
        listener.Stop();
        await Record.ExceptionAsync(() => server); // ended by the stop
    }

    /// <summary>How many connections the HTTP/1.1 server has answered.</summary>
    private sealed class Answered
    {
        private int _connections;
        public int Connections => Volatile.Read(ref _connections);
        public void One() => Interlocked.Increment(ref _connections);
    }

    /// <summary>
    /// A port that accepts the connection and never sends a byte (nc -lk, a half-open tunnel). Before, the store asked until
    /// the deadline and said, 10.3 s later: "KurrentDB at 127.0.0.1:PORT did not answer in time (connecting); raise
    /// defaultDeadline in the connection string if the server is just slow."
    /// </summary>
    [Fact]
    public async Task A_port_that_accepts_and_never_answers_is_named_as_no_kurrentdb_node_before_the_deadline()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var server = AcceptAndSayNothingAsync(listener, stop.Token);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => KurrentDbEventStore.ConnectAsync($"esdb://127.0.0.1:{port}?tls=false&defaultDeadline=60000"));

        Assert.Contains($"KurrentDB at 127.0.0.1:{port} does not speak gRPC over HTTP/2 (connecting)", error.Message, StringComparison.Ordinal);
        Assert.Contains("accepted the connection but sent nothing for 3 s", error.Message, StringComparison.Ordinal);
        await stop.CancelAsync();
        listener.Stop();
        await Record.ExceptionAsync(() => server); // ended by the stop
    }

    private static async Task AcceptAndSayNothingAsync(TcpListener listener, CancellationToken ct)
    {
        var held = new List<TcpClient>();
        try
        {
            while (true) held.Add(await listener.AcceptTcpClientAsync(ct));
        }
        finally
        {
            foreach (var c in held) c.Dispose();
        }
    }

    /// <summary>What an HTTP/1.1 server (python's http.server) answers to any request, then closes.</summary>
    private static async Task AnswerHttp11Async(TcpListener listener, Answered answered, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(ct);
            answered.One(); // counted before the answer is written: the client's error comes after it
            var stream = client.GetStream();
            _ = await stream.ReadAsync(new byte[4096], ct); // the preface, whatever of it came: the answer is the same
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), ct);
        }
    }
}
