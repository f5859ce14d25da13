using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// Says who sent a request refused for its pace or its size (408, 413, 414, 431), in a warning an operator fighting one abusive
/// client can act on: the key's name when the request's head was read whole (a body that trickles or is too large), else the
/// address it came from and that no key is known — a head that trickles, or whose line or headers are too long, is refused
/// before its headers are read, so the key it may hold is never seen. Kestrel says these itself only at Debug, under a
/// connection id without an address (docs/api.md, "Connections and slow clients").
/// </summary>
public sealed class RefusedRequests
{
    /// <summary>Kestrel's category for a request it refuses while reading its head (event ConnectionBadRequest).</summary>
    public const string KestrelBadRequests = "Microsoft.AspNetCore.Server.Kestrel.BadRequests";

    private static readonly int[] Refusals = [StatusCodes.Status408RequestTimeout, StatusCodes.Status413PayloadTooLarge,
        StatusCodes.Status414UriTooLong, StatusCodes.Status431RequestHeaderFieldsTooLarge];

    /// <summary>Each open connection's remote address, by Kestrel's connection id (a connection id is all Kestrel's log line names).</summary>
    private readonly ConcurrentDictionary<string, Peer> _peers = new(StringComparer.Ordinal);

    /// <summary>Where the warnings go; set once the application's logging is built.</summary>
    public ILogger Log { get; set; } = NullLogger.Instance;

    /// <summary>A connection's address; <see cref="Named"/> once a refusal of one of its requests was said with its key.</summary>
    private sealed class Peer(string address)
    {
        public string Address { get; } = address;
        public volatile bool Named;
    }

    /// <summary>Kestrel's connection middleware: remembers the connection's address while it is open.</summary>
    public ConnectionDelegate Remember(ConnectionDelegate next) => async connection =>
    {
        _peers[connection.ConnectionId] = new Peer(connection.RemoteEndPoint?.ToString() ?? "an unknown address");
        try
        {
            await next(connection);
        }
        finally
        {
            _peers.TryRemove(connection.ConnectionId, out _);
        }
    };

    /// <summary>The first middleware: after the answer (problem details included), a refusal of a request the application read is said with its key.</summary>
    public RequestDelegate SayRefused(RequestDelegate next) => async http =>
    {
        await next(http);
        if (!Refusals.Contains(http.Response.StatusCode)) return;
        if (_peers.TryGetValue(http.Connection.Id, out var peer)) peer.Named = true;
        Log.LogWarning(
            "A request of the key '{Key}' from {Address} ({Method} {Path}) was answered {Status}: {Why}.",
            http.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "(none given or not valid)",
            peer?.Address ?? http.Connection.RemoteIpAddress?.ToString(), http.Request.Method, http.Request.Path.Value, http.Response.StatusCode,
            http.Response.StatusCode == StatusCodes.Status408RequestTimeout ? "its body arrived too slowly" : "its body is too large");
    };

    /// <summary>
    /// Kestrel refused a request itself — its head, mostly, before its headers were read whole — and the server did not say it
    /// with a key: said with the connection's address. Kestrel's own words say which part (the head or the body) and why.
    /// </summary>
    private void SayKestrelRefused(string connectionId, BadHttpRequestException refusal)
    {
        if (!_peers.TryGetValue(connectionId, out var peer) || peer.Named) return;
        Log.LogWarning("A request from {Address} was answered {Status} by Kestrel itself, so no key is known: {Why} (Kestrel: '{Reason}').",
            peer.Address, refusal.StatusCode, refusal.StatusCode switch
            {
                StatusCodes.Status408RequestTimeout => "it arrived too slowly",
                StatusCodes.Status413PayloadTooLarge => "its body is too large",
                StatusCodes.Status414UriTooLong => "its request line is over Kestrel's 8 KB",
                StatusCodes.Status431RequestHeaderFieldsTooLarge => "its headers are over Kestrel's 32 KB or 100 fields",
                _ => "it is not HTTP the server can read",
            }, refusal.Message);
    }

    /// <summary>
    /// Reads Kestrel's own Debug line of a request it refused (event ConnectionBadRequest: the only place the refusal and its
    /// connection meet). Kestrel writes one for a body the server refused too (408, 413): <see cref="Peer.Named"/> says it was said.
    /// </summary>
    public sealed class KestrelLines(RefusedRequests refused) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => categoryName == KestrelBadRequests ? new Reader(refused) : NullLogger.Instance;

        public void Dispose() { }

        private sealed class Reader(RefusedRequests refused) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (exception is BadHttpRequestException refusal && state is IReadOnlyList<KeyValuePair<string, object?>> fields &&
                    fields.FirstOrDefault(f => f.Key == "ConnectionId").Value is string connectionId)
                    refused.SayKestrelRefused(connectionId, refusal);
            }
        }
    }
}
