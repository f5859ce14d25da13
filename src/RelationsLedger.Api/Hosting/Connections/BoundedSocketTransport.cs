using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RelationsLedger.Api.Hosting.Connections;

/// <summary>
/// Kestrel's socket transport with <see cref="ApiOptions.MaxConnections"/> enforced as connections are accepted
/// (<see cref="BoundedSocketListener"/>). Registered after Kestrel's own, it is the one Kestrel binds with; it binds through
/// Kestrel's <see cref="SocketTransportFactory"/> (its <see cref="SocketTransportOptions"/>), so its listeners and connections
/// are Kestrel's own, and only wraps the accept. Disposed with the server's services, it says the refusals not yet said.
/// </summary>
internal sealed class BoundedSocketTransport(IOptions<SocketTransportOptions> options, ILoggerFactory loggers, ConnectionBound bound, TimeProvider time)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector, IDisposable
{
    private readonly SocketTransportFactory _sockets = new(options, loggers);
    private readonly RefusedConnections _refused = new(loggers.CreateLogger<RefusedConnections>(), bound, time);

    public bool CanBind(EndPoint endpoint) => _sockets.CanBind(endpoint);

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        new BoundedSocketListener(await _sockets.BindAsync(endpoint, cancellationToken), bound, _refused);

    public void Dispose() => _refused.Dispose();
}
