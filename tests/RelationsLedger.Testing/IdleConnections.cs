using System.Net.Sockets;

namespace RelationsLedger.Testing;

/// <summary>
/// Connections a test opens against a server and holds, sending nothing, and how the server ended each as far as the test
/// has looked — closed (the client reads the end of the stream) or reset (its read fails "Connection reset by peer"). A
/// reset is told once only (the read that reports it clears it), so what each look learns is kept.
/// </summary>
public sealed class IdleConnections : IDisposable
{
    private enum End { None, Closed, Reset }

    private readonly List<Socket> _sockets = [];
    private readonly List<End> _ends = [];

    public int Count => _sockets.Count;

    /// <summary>How many the server ended with a reset, of those the looks saw end.</summary>
    public int Reset => _ends.Count(e => e == End.Reset);

    /// <summary>Opens one more; a connect that fails throws its SocketException, the socket kept for Dispose.</summary>
    public async Task OpenAsync(Uri server, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(socket);
        _ends.Add(End.None);
        await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
    }

    /// <summary>Looks, without waiting, at each the server had not ended at the last look; how many it has ended now.</summary>
    public int EndedByServer()
    {
        for (var i = 0; i < _sockets.Count; i++)
            if (_ends[i] == End.None) _ends[i] = EndOf(_sockets[i]);
        return _ends.Count(e => e != End.None);
    }

    private static End EndOf(Socket socket)
    {
        if (!socket.Connected || !socket.Poll(0, SelectMode.SelectRead)) return End.None;
        try
        {
            return socket.Receive(new byte[1], SocketFlags.Peek) == 0 ? End.Closed : End.None;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return End.Reset;
        }
    }

    public void Dispose()
    {
        foreach (var socket in _sockets) socket.Dispose();
    }
}
