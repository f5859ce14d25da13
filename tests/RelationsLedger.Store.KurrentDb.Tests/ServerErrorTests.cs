using Grpc.Core;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Store.KurrentDb.Tests;

public sealed class ServerErrorTests
{
    private static readonly KurrentDbEndpoint Node = new("10.1.2.3", 2113);

    private static RpcException Error(StatusCode code, string detail = "detail", params (string Key, string Value)[] trailers)
    {
        var metadata = new Metadata();
        foreach (var (k, v) in trailers) metadata.Add(k, v);
        return new RpcException(new Status(code, detail), metadata);
    }

    [Fact]
    public void An_unreachable_node_is_named_in_the_error()
    {
        var error = Assert.IsType<StoreUnavailableException>(ServerErrors.Map(Error(StatusCode.Unavailable, "Error connecting to subchannel."), Node, "appending to stream 's'", default));
        Assert.Contains("KurrentDB at 10.1.2.3:2113 is unreachable (appending to stream 's')", error.Message, StringComparison.Ordinal);
        Assert.Contains("Error connecting to subchannel.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missed_deadline_says_which_setting_to_raise()
    {
        var error = Assert.IsType<StoreUnavailableException>(ServerErrors.Map(Error(StatusCode.DeadlineExceeded), Node, "reading $all", default));
        Assert.Contains("defaultDeadline", error.Message, StringComparison.Ordinal);
        Assert.Contains("10.1.2.3:2113", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refused_credentials_and_denied_access_are_told_apart()
    {
        Assert.Contains("refused the credentials", ServerErrors.Map(Error(StatusCode.Unauthenticated), Node, "x", default).Message, StringComparison.Ordinal);
        Assert.IsType<UnauthorizedAccessException>(ServerErrors.Map(Error(StatusCode.PermissionDenied, "d", ("exception", "access-denied")), Node, "x", default));
        Assert.IsType<UnauthorizedAccessException>(ServerErrors.Map(Error(StatusCode.PermissionDenied), Node, "x", default));
    }

    [Fact]
    public void A_deleted_stream_and_an_oversized_append_are_named()
    {
        var deleted = ServerErrors.Map(Error(StatusCode.FailedPrecondition, "d", ("exception", "stream-deleted"), ("stream-name", "relationship-FR~de")), Node, "x", default);
        Assert.Contains("'relationship-FR~de' is deleted", deleted.Message, StringComparison.Ordinal);
        var large = ServerErrors.Map(Error(StatusCode.InvalidArgument, "d", ("exception", "maximum-append-size-exceeded"), ("maximum-append-size", "1048576")), Node, "x", default);
        Assert.Contains("1048576 bytes", large.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_cancelled_by_the_caller_is_a_cancellation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.IsType<OperationCanceledException>(ServerErrors.Map(Error(StatusCode.Cancelled), Node, "x", cts.Token));
    }

    [Fact]
    public void A_follower_names_its_leader()
    {
        var e = Error(StatusCode.NotFound, "Leader info available", ("exception", "not-leader"), ("leader-endpoint-host", "node2"), ("leader-endpoint-port", "2114"));
        Assert.Equal(new KurrentDbEndpoint("node2", 2114), ServerErrors.Leader(e));
        Assert.True(ServerErrors.IsTransient(e));
        Assert.Null(ServerErrors.Leader(Error(StatusCode.Unavailable)));
        Assert.Null(ServerErrors.Leader(Error(StatusCode.NotFound, "d", ("exception", "not-leader"), ("leader-endpoint-host", "node2"))));
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.DeadlineExceeded, true)]
    [InlineData(StatusCode.Internal, true)]
    [InlineData(StatusCode.Unknown, true)]
    [InlineData(StatusCode.Aborted, true)]
    [InlineData(StatusCode.Unauthenticated, false)]
    [InlineData(StatusCode.PermissionDenied, false)]
    [InlineData(StatusCode.InvalidArgument, false)]
    [InlineData(StatusCode.Unimplemented, false)]
    public void Only_failures_another_attempt_can_fix_are_transient(StatusCode code, bool transient)
    {
        Assert.Equal(transient, ServerErrors.IsTransient(Error(code)));
    }
}
