using System.Globalization;
using System.Net.Http;
using Grpc.Core;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Mapping;

namespace RelationsLedger.Store.KurrentDb.Connection;

/// <summary>
/// Turns the server's gRPC errors into the store port's errors. KurrentDB names its own error kinds
/// in the <c>exception</c> trailer (e.g. <c>not-leader</c>, <c>access-denied</c>, <c>stream-deleted</c>).
/// </summary>
internal static class ServerErrors
{
    public const string ExceptionTrailer = "exception";
    public const string NotLeader = "not-leader";
    public const string AccessDenied = "access-denied";
    public const string StreamDeleted = "stream-deleted";
    public const string MaximumAppendSizeExceeded = "maximum-append-size-exceeded";

    public static string? Kind(RpcException e) => e.Trailers.GetValue(ExceptionTrailer);

    /// <summary>The leader a follower points to when it refuses a call that requires the leader.</summary>
    public static KurrentDbEndpoint? Leader(RpcException e)
    {
        if (Kind(e) != NotLeader) return null;
        var host = e.Trailers.GetValue("leader-endpoint-host");
        return host is { Length: > 0 } && int.TryParse(e.Trailers.GetValue("leader-endpoint-port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? new KurrentDbEndpoint(host, port)
            : null;
    }

    /// <summary>Whether a new call, perhaps to another node, may succeed where this one failed.</summary>
    public static bool IsTransient(RpcException e) => (Kind(e) == NotLeader || e.StatusCode is
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.Internal
        or StatusCode.Unknown or StatusCode.ResourceExhausted or StatusCode.Cancelled) && !NoEventAtPosition(e);

    /// <summary>
    /// The server's answer to a read of $all from a position inside its log at which no event starts — one it never
    /// gave out: a client's guess, a commit/prepare pair of its own making, or a checkpoint of a log since reset. It says
    /// only "Unexpected ReadAllResult: Error" ("FilteredReadAllResult" for a filtered read), the same every time: asking
    /// again, until the deadline, would only turn a wrong position into an unavailable store.
    /// </summary>
    public static bool NoEventAtPosition(RpcException e) =>
        e.StatusCode == StatusCode.Unknown && e.Status.DebugException is null && e.Status.Detail.EndsWith("ReadAllResult: Error", StringComparison.Ordinal);

    /// <summary>The server's answer when it refuses a call that needs a leader and knows of none (an election is under way).</summary>
    public const string NoLeaderInfo = "No leader info available in response";

    /// <summary>
    /// Whether the call certainly did nothing, so that the store may send it again, to this node or another,
    /// without asking anyone: the node refused it before doing anything (not the leader, not ready, too busy,
    /// no leader known), or the connection could not even be opened. Anything else that fails in flight — a
    /// connection reset, a deadline, the server's own commit timeout — may have taken effect: for an append
    /// its outcome is unknown, and only the caller can decide (by retrying with the same event ids).
    /// </summary>
    public static bool NotExecuted(RpcException e)
    {
        if (Kind(e) == NotLeader) return true;
        if (e.Status.DebugException is null)
            // The status came from the server itself (Grpc.Net.Client sets a debug exception for transport failures).
            return e.StatusCode == StatusCode.Unavailable || (e.StatusCode == StatusCode.Unknown && e.Status.Detail == NoLeaderInfo);
        return IsConnectFailure(e);
    }

    /// <summary>The connection could not be opened (refused, no route, connect timeout): no byte of the call reached the node.</summary>
    public static bool IsConnectFailure(RpcException e) =>
        e.StatusCode == StatusCode.Unavailable && e.Status.DebugException is { } d && IsConnectFailure(d);

    // Grpc.Net.Client reports a failed connect as the socket's own error ("Error connecting to subchannel.") or, on
    // other paths, as an HttpRequestException of kind ConnectionError.
    private static bool IsConnectFailure(Exception e) =>
        e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
        || e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused or System.Net.Sockets.SocketError.HostUnreachable
            or System.Net.Sockets.SocketError.NetworkUnreachable or System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.AddressNotAvailable }
        || (e.InnerException is { } inner && IsConnectFailure(inner));

    /// <summary>
    /// The peer answered the HTTP/2 preface as no gRPC server does — with HTTP/1.x (a web server, another <c>ledger serve</c>,
    /// a mistyped port): the connection fails with a protocol error (PROTOCOL_ERROR, or HTTP_1_1_REQUIRED from a server that
    /// knows HTTP/2 but not on that port), which no retry changes.
    /// </summary>
    public static bool IsNotGrpcServer(RpcException e) => e.Status.DebugException is { } d && IsHttpProtocolRefusal(d);

    private static bool IsHttpProtocolRefusal(Exception e) =>
        e is HttpProtocolException { ErrorCode: Http2ProtocolError or Http2Http11Required } || (e.InnerException is { } inner && IsHttpProtocolRefusal(inner));

    private const long Http2ProtocolError = 0x1, Http2Http11Required = 0xd;

    /// <summary>A TLS handshake that failed: the certificate or the CA is wrong, which no retry fixes.</summary>
    public static bool IsTlsFailure(RpcException e) =>
        e.Status.DebugException is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError };

    /// <summary>
    /// The error for an append whose call failed in flight: it may or may not have been recorded. Retriable by the
    /// caller with the same event ids (for a command, the same command id), which the server and the ledger recognise; the
    /// message says only that, and the caller says how (it knows whether a command, a batch or an import appended).
    /// </summary>
    /// <paramref name="e"/>: the call's status, or the transport's own error (<see cref="IOException"/>) when the connection broke
    /// while the request was still being sent, which Grpc.Net.Client raises as it is rather than as a status.
    public static Exception OutcomeUnknown(Exception e, KurrentDbEndpoint node, string doing, CancellationToken ct)
    {
        if (ct.IsCancellationRequested) return new OperationCanceledException($"Cancelled while {doing}; the outcome is unknown.", e, ct);
        var why = e switch
        {
            RpcException { StatusCode: StatusCode.DeadlineExceeded } => "did not answer in time",
            RpcException r => $"failed mid-call ({r.StatusCode}: {Detail(r)})",
            _ => $"failed mid-call (the connection broke while the events were being sent: {e.Message})",
        };
        return new StoreUnavailableException(
            $"KurrentDB at {node} {why} while {doing}: the outcome is unknown, the events may or may not have been recorded.", e) { OutcomeUnknown = true };
    }

    /// <summary>The port's error for a failed call to <paramref name="node"/> while <paramref name="doing"/> (e.g. "appending to stream 'x'").</summary>
    public static Exception Map(RpcException e, KurrentDbEndpoint node, string doing, CancellationToken ct)
    {
        if (ct.IsCancellationRequested) return new OperationCanceledException($"Cancelled while {doing}.", e, ct);
        var at = $"KurrentDB at {node}";
        var detail = Detail(e);
        if (IsTlsFailure(e))
            // An insecure node answers a TLS handshake with plain HTTP/2, which fails as a handshake does on a wrong certificate.
            return new StoreUnavailableException(
                $"{at} could not be reached over TLS ({doing}): check tlsCaFile and the node's certificate, or give tls=false if the node runs without TLS (--insecure). {detail}", e);
        if (IsNotGrpcServer(e))
            return new StoreUnavailableException(
                $"{at} does not speak gRPC over HTTP/2 ({doing}): it is not a KurrentDB node, or not its client port (2113 unless the node " +
                $"was given another); check the host and port of the connection string. {detail}", e);
        return Kind(e) switch
        {
            AccessDenied => new UnauthorizedAccessException($"{at} denied access while {doing}: {detail}", e),
            StreamDeleted => HiddenStreamRefusal.Of(new(e.Trailers.GetValue("stream-name") ?? "(unnamed)", Responses.TombstoneHides)),
            MaximumAppendSizeExceeded => new InvalidOperationException(
                $"{at} refused an append larger than its maximum append size of {e.Trailers.GetValue("maximum-append-size")} bytes ({doing}).", e),
            NotLeader => new StoreUnavailableException($"{at} is not the cluster's leader and named no reachable leader ({doing}).", e) { Unreachable = true },
            _ when NoEventAtPosition(e) => new StoreUnavailableException($"{at} has no event at the position $all was read from ({doing}): not a position it gave out.", e),
            _ when e.StatusCode == StatusCode.Unknown && e.Status.Detail == NoLeaderInfo =>
                new StoreUnavailableException($"{at} knows of no leader: the cluster is electing one or has lost its quorum ({doing}).", e) { Unreachable = true },
            _ => e.StatusCode switch
            {
                StatusCode.Unavailable => new StoreUnavailableException($"{at} is unreachable ({doing}): {detail}", e) { Unreachable = true },
                StatusCode.DeadlineExceeded => new StoreUnavailableException(
                    $"{at} did not answer in time ({doing}); raise defaultDeadline in the connection string if the server is just slow.", e) { Unreachable = true },
                StatusCode.Unauthenticated => new StoreUnavailableException(
                    $"{at} refused the credentials ({doing}): give user:password@ in the connection string. {detail}", e),
                StatusCode.PermissionDenied => new UnauthorizedAccessException($"{at} denied access while {doing}: {detail}", e),
                _ => new StoreUnavailableException($"{at} failed ({doing}): {e.StatusCode}: {detail}", e),
            },
        };
    }

    private static string Detail(RpcException e)
    {
        var detail = e.Status.Detail;
        // The transport's own error (connection refused, TLS failure) says most about an unreachable node.
        var inner = e.Status.DebugException?.InnerException?.Message ?? e.Status.DebugException?.Message;
        return inner is { Length: > 0 } && !detail.Contains(inner, StringComparison.Ordinal) ? $"{detail} ({inner})" : detail;
    }
}
