using System.Net.Sockets;

namespace RelationsLedger.Testing;

/// <summary>What a test that holds connections open against a server learns of them without reading or waiting.</summary>
public static class IdleSockets
{
    /// <summary>Whether the server closed <paramref name="socket"/> (its next read is the end, or a reset), without waiting.</summary>
    public static bool ClosedByServer(this Socket socket)
    {
        if (!socket.Poll(0, SelectMode.SelectRead)) return false;
        try
        {
            return socket.Receive(new byte[1], SocketFlags.Peek) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
