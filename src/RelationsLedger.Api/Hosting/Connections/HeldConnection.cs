using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace RelationsLedger.Api.Hosting.Connections;

/// <summary>
/// A connection of the socket transport that gives its place in the <see cref="ConnectionBound"/> back when Kestrel disposes
/// it — which Kestrel does for every connection it accepted, once its socket is closed — and is otherwise the transport's own.
/// </summary>
internal sealed class HeldConnection(ConnectionContext inner, ConnectionBound bound) : ConnectionContext
{
    private int _released;

    public override string ConnectionId { get => inner.ConnectionId; set => inner.ConnectionId = value; }

    public override IFeatureCollection Features => inner.Features;

    public override IDictionary<object, object?> Items { get => inner.Items; set => inner.Items = value; }

    public override IDuplexPipe Transport { get => inner.Transport; set => inner.Transport = value; }

    public override CancellationToken ConnectionClosed { get => inner.ConnectionClosed; set => inner.ConnectionClosed = value; }

    public override EndPoint? LocalEndPoint { get => inner.LocalEndPoint; set => inner.LocalEndPoint = value; }

    public override EndPoint? RemoteEndPoint { get => inner.RemoteEndPoint; set => inner.RemoteEndPoint = value; }

    public override void Abort(ConnectionAbortedException abortReason) => inner.Abort(abortReason);

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await inner.DisposeAsync();
        }
        finally
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) bound.Release();
            await base.DisposeAsync();
        }
    }
}
