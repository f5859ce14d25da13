using System.Globalization;
using Grpc.Core;
using RelationsLedger.Application.Storage;

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
    public static bool IsTransient(RpcException e) => Kind(e) == NotLeader || e.StatusCode is
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.Internal
        or StatusCode.Unknown or StatusCode.ResourceExhausted or StatusCode.Cancelled;

    /// <summary>The port's error for a failed call to <paramref name="node"/> while <paramref name="doing"/> (e.g. "appending to stream 'x'").</summary>
    public static Exception Map(RpcException e, KurrentDbEndpoint node, string doing, CancellationToken ct)
    {
        if (ct.IsCancellationRequested) return new OperationCanceledException($"Cancelled while {doing}.", e, ct);
        var at = $"KurrentDB at {node}";
        var detail = Detail(e);
        return Kind(e) switch
        {
            AccessDenied => new UnauthorizedAccessException($"{at} denied access while {doing}: {detail}", e),
            StreamDeleted => new InvalidOperationException($"{at}: stream '{e.Trailers.GetValue("stream-name")}' is deleted ({doing}).", e),
            MaximumAppendSizeExceeded => new InvalidOperationException(
                $"{at} refused an append larger than its maximum append size of {e.Trailers.GetValue("maximum-append-size")} bytes ({doing}).", e),
            NotLeader => new StoreUnavailableException($"{at} is not the cluster's leader and named no reachable leader ({doing}).", e),
            _ => e.StatusCode switch
            {
                StatusCode.Unavailable => new StoreUnavailableException($"{at} is unreachable ({doing}): {detail}", e),
                StatusCode.DeadlineExceeded => new StoreUnavailableException(
                    $"{at} did not answer in time ({doing}); raise defaultDeadline in the connection string if the server is just slow.", e),
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
