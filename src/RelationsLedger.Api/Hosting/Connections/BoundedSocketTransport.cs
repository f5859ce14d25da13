using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RelationsLedger.Api.Hosting.Connections;

/// <summary>
/// Kestrel's socket transport with <see cref="ApiOptions.MaxConnections"/> enforced as connections are accepted
/// (<see cref="BoundedSocketListener"/>). Registered after Kestrel's own, it is the one Kestrel binds with: it binds and
/// listens as Kestrel's does (its <see cref="SocketTransportOptions"/>), and its connections are Kestrel's socket connections.
/// </summary>
internal sealed class BoundedSocketTransport(IOptions<SocketTransportOptions> options, ILoggerFactory loggers, ConnectionBound bound)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly RefusedConnections _refused = new(loggers.CreateLogger<RefusedConnections>(), bound, TimeProvider.System);

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint or UnixDomainSocketEndPoint or FileHandleEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        Socket listenSocket;
        try
        {
            listenSocket = settings.CreateBoundListenSocket(endpoint);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new AddressInUseException(e.Message, e); // what Kestrel's transport throws: 'ledger serve' says the port is taken
        }
        listenSocket.Listen(settings.Backlog);
        var connections = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions
        {
            IOQueueCount = settings.IOQueueCount,
            WaitForDataBeforeAllocatingBuffer = settings.WaitForDataBeforeAllocatingBuffer,
            MaxReadBufferSize = settings.MaxReadBufferSize,
            MaxWriteBufferSize = settings.MaxWriteBufferSize,
            UnsafePreferInlineScheduling = settings.UnsafePreferInlineScheduling,
        }, loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets"));
        return ValueTask.FromResult<IConnectionListener>(new BoundedSocketListener(listenSocket, connections, settings.NoDelay, bound, _refused));
    }
}
