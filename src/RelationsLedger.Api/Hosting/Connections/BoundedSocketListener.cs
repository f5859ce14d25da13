using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace RelationsLedger.Api.Hosting.Connections;

/// <summary>
/// Kestrel's socket listener, with the connection bound enforced where a connection is accepted. Kestrel's own bound
/// (MaxConcurrentConnections) closes an extra connection only once its turn on the thread pool comes: under a flood on a busy
/// machine hundreds wait at once, each a file descriptor, until the process has none left — then the runtime's own opens fail,
/// an OutOfMemoryException follows and the process ends or Kestrel's accept loop does (docs/api.md, round 48). Here the
/// connection is closed in the accept loop itself, so the server holds at most <see cref="ConnectionBound.Max"/> connections
/// and one being refused; the others wait in the kernel's listen queue, which costs no descriptor. And the loop never ends but
/// at unbind: an accept that fails is told (<see cref="RefusedConnections"/>) and tried again. (Kestrel's listener itself
/// retries an accept that fails for want of a descriptor, EMFILE, as it does a connection reset in the queue.)
/// </summary>
internal sealed class BoundedSocketListener(IConnectionListener sockets, ConnectionBound bound, RefusedConnections refused) : IConnectionListener
{
    /// <summary>How long the loop waits after an accept that failed before it tries again: not a spin.</summary>
    private static readonly TimeSpan AfterAFailure = TimeSpan.FromMilliseconds(100);

    private volatile bool _unbound;

    public EndPoint EndPoint => sockets.EndPoint;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (!_unbound)
        {
            ConnectionContext? accepted;
            try
            {
                // Kestrel's listener: null once unbound; a connection reset while it waited in the queue is passed over there.
                accepted = await sockets.AcceptAsync(cancellationToken);
            }
            catch (Exception) when (_unbound || cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e)
            {
                // Kestrel's accept loop ends on any exception ("The connection listener failed to accept any new connections")
                // and the server would stay up accepting nothing: instead, say it and try again.
                refused.AcceptFailed(e);
                await Task.Delay(AfterAFailure, CancellationToken.None);
                continue;
            }
            if (accepted is null) return null;
            if (bound.TryHold()) return new HeldConnection(accepted, bound);
            // Counted before it is closed: a client that sees its connection end knows it is in the count (the tests read it so).
            refused.OverBound();
            Refuse(accepted);
        }
        return null;
    }

    /// <summary>
    /// Closes a connection over the bound here, in the accept loop, before any hop to the thread pool, and the way any
    /// connection ends: its socket shut down (the client reads the end of the stream) and its descriptor closed at once. Not
    /// <see cref="ConnectionContext.Abort(ConnectionAbortedException)"/>: Kestrel's socket connection ends an abort with a
    /// reset (linger 0), and the client's next read fails "Connection reset by peer". Nor only its DisposeAsync, whose close
    /// waits for the connection's send loop to run on the thread pool — under a flood on a busy machine, what let hundreds of
    /// descriptors pile up. The rest of the connection (its pipes, its two loops, which end as their socket is gone) is let go
    /// on the thread pool when its turn comes: memory, not a descriptor.
    /// </summary>
    private static void Refuse(ConnectionContext connection)
    {
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // The client has gone already (reset): there is no one to tell, only the descriptor to close.
            }
            socket.Dispose();
        }
        _ = LetGoAsync(connection);
    }

    private static async Task LetGoAsync(ConnectionContext connection) => await connection.DisposeAsync();

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _unbound = true;
        return sockets.UnbindAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _unbound = true;
        await sockets.DisposeAsync();
    }
}
