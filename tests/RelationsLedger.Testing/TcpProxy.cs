using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RelationsLedger.Testing;

/// <summary>
/// Forwards connections from a loopback port to the server, and can cut every open connection at
/// once, as a network failure would, to test that a subscription reconnects — and send the next ones to
/// another server, as a node replaced at the same address would — or cut them the moment a client sends given bytes, so
/// that a call fails in flight at a chosen point (its request never reaches the server, but the client cannot know that).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private volatile string _targetHost;
    private volatile int _targetPort;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TcpProxy(string targetHost, int targetPort)
    {
        (_targetHost, _targetPort) = (targetHost, targetPort);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections { get; private set; }

    private int _requests;

    /// <summary>
    /// HTTP/2 requests the clients sent through the proxy on plain (h2c) connections: their HEADERS frames that open a
    /// stream. A gRPC call is one request, however many messages it carries. Not counted through TLS.
    /// </summary>
    public int Requests => Volatile.Read(ref _requests);

    private volatile byte[]? _cutOn;

    /// <summary>
    /// The next time a client sends <paramref name="marker"/> (e.g. a text only one event's data holds), that read is not
    /// forwarded and every open connection is cut; once.
    /// </summary>
    public void CutOnceWhenSent(byte[] marker) => _cutOn = marker;

    private volatile TaskCompletionSource? _stalled;

    /// <summary>
    /// Holds every byte from now on, both ways, on the connections open and on new ones, until <see cref="Resume"/>: a node that
    /// stopped answering (overloaded, paused, a network that drops packets) while its connections stay open.
    /// </summary>
    public void Stall() => _stalled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Forwards what <see cref="Stall"/> held, and everything after it.</summary>
    public void Resume() => Interlocked.Exchange(ref _stalled, null)?.TrySetResult();

    /// <summary>Connections made from now on go to <paramref name="host"/>:<paramref name="port"/>.</summary>
    public void Retarget(string host, int port) => (_targetHost, _targetPort) = (host, port);

    /// <summary>Resets every open connection; new ones are accepted again.</summary>
    public void CutAll()
    {
        foreach (var socket in _open.Keys)
        {
            _open.TryRemove(socket, out _);
            try
            {
                socket.LingerState = new LingerOption(true, 0); // close with RST, as a failing network does
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
                // Its pair was cut first and the forwarding task has closed it already.
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Connections++;
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _open[client] = 0;
        _open[server] = 0;
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            await Task.WhenAny(PumpAsync(client, server, toServer: true), PumpAsync(server, client, toServer: false));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection was cut or the proxy stopped.
        }
        finally
        {
            foreach (var s in new[] { client, server })
            {
                _open.TryRemove(s, out _);
                s.Dispose();
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool toServer)
    {
        var buffer = new byte[64 * 1024];
        var seen = Array.Empty<byte>(); // the end of the previous read: a marker may straddle two reads
        var frames = toServer ? new Http2Frames() : null;
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, _stop.Token)) > 0)
            {
                if (toServer && _cutOn is { } marker)
                {
                    var window = seen.Concat(buffer.Take(read)).ToArray();
                    if (window.AsSpan().IndexOf(marker) >= 0 && Interlocked.CompareExchange(ref _cutOn, null, marker) == marker)
                    {
                        CutAll();
                        return;
                    }
                    seen = window[Math.Max(0, window.Length - marker.Length)..];
                }
                if (_stalled is { } stalled) await stalled.Task.WaitAsync(_stop.Token);
                if (frames is not null) Interlocked.Add(ref _requests, frames.NewStreams(buffer.AsSpan(0, read)));
                await to.SendAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side went away: the other is closed by the caller.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        await _accepting;
        _stop.Dispose();
    }
}
