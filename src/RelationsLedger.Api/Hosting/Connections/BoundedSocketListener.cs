using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace RelationsLedger.Api.Hosting.Connections;

/// <summary>
/// Kestrel's socket listener, with the connection bound enforced where a connection is accepted. Kestrel's own bound
/// (MaxConcurrentConnections) closes an extra connection only once its turn on the thread pool comes: under a flood on a busy
/// machine hundreds wait at once, each a file descriptor, until the process has none left — then the runtime's own opens fail,
/// an OutOfMemoryException follows and the process ends or Kestrel's accept loop does (docs/api.md, round 48). Here the socket
/// is closed in the accept loop itself, so the server holds at most <see cref="ConnectionBound.Max"/> connections and one
/// being refused; the others wait in the kernel's listen queue, which costs no descriptor. And the loop never ends but at
/// unbind: an accept that fails is told (<see cref="RefusedConnections"/>) and tried again, with a reserved descriptor to
/// take a waiting connection off the queue when the process has none left.
/// </summary>
internal sealed class BoundedSocketListener(Socket listenSocket, SocketConnectionContextFactory connections, bool noDelay,
    ConnectionBound bound, RefusedConnections refused) : IConnectionListener
{
    /// <summary>How long an accept that failed otherwise than for want of a descriptor waits before it tries again: not a spin.</summary>
    private static readonly TimeSpan AfterAFailure = TimeSpan.FromMilliseconds(100);

    private readonly DescriptorReserve _reserve = new();
    private volatile bool _unbound;

    public EndPoint EndPoint { get; } = listenSocket.LocalEndPoint!;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (!_unbound)
        {
            Socket accepted;
            try
            {
                accepted = await listenSocket.AcceptAsync(cancellationToken);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TooManyOpenSockets && !_unbound)
            {
                refused.NoDescriptor();
                await RefuseWithTheReserveAsync(cancellationToken);
                continue;
            }
            catch (Exception) when (_unbound || cancellationToken.IsCancellationRequested)
            {
                return null; // UnbindAsync closed the listening socket: Kestrel stops accepting
            }
            catch (SocketException)
            {
                continue; // reset while it waited in the listen queue (what Kestrel's listener does too)
            }
            catch (Exception e)
            {
                // Kestrel's accept loop ends on any exception ("The connection listener failed to accept any new connections")
                // and the server would stay up accepting nothing: instead, say it and try again.
                refused.AcceptFailed(e);
                await Task.Delay(AfterAFailure, CancellationToken.None);
                continue;
            }

            if (!bound.TryHold())
            {
                accepted.Dispose(); // closed here, before any hop to the thread pool: it never holds its descriptor for long
                refused.OverBound();
                continue;
            }
            try
            {
                if (accepted.LocalEndPoint is IPEndPoint) accepted.NoDelay = noDelay;
                return new HeldConnection(connections.Create(accepted), bound);
            }
            catch (Exception e)
            {
                accepted.Dispose();
                bound.Release();
                refused.AcceptFailed(e);
            }
        }
        return null;
    }

    /// <summary>
    /// Takes the connection that waits off the listen queue with the reserved descriptor, closes it and takes the descriptor
    /// back; without one to give (the process still at its limit), only waits a moment: either way the loop does not spin.
    /// </summary>
    private async Task RefuseWithTheReserveAsync(CancellationToken cancellationToken)
    {
        if (!_reserve.IsHeld)
        {
            if (!_reserve.Retake()) await Task.Delay(AfterAFailure, CancellationToken.None);
            return;
        }
        _reserve.Release();
        try
        {
            using var waiting = await listenSocket.AcceptAsync(cancellationToken);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Reset in the queue, the descriptor taken elsewhere first, or unbound: the loop sees to each.
        }
        finally
        {
            if (!_unbound) _reserve.Retake();
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _unbound = true;
        listenSocket.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _unbound = true;
        listenSocket.Dispose();
        _reserve.Dispose();
        connections.Dispose();
        return ValueTask.CompletedTask;
    }
}
