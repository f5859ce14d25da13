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

    private static RpcException Transport(StatusCode code, HttpRequestError error) =>
        new(new Status(code, "Error starting gRPC call.", new HttpRequestException(error, "transport", new System.Net.Sockets.SocketException())));

    [Fact]
    public void Refusals_by_the_server_and_refused_connections_certainly_did_nothing()
    {
        Assert.True(ServerErrors.NotExecuted(Error(StatusCode.NotFound, "Leader info available", ("exception", "not-leader"), ("leader-endpoint-host", "n2"), ("leader-endpoint-port", "2123"))));
        Assert.True(ServerErrors.NotExecuted(Error(StatusCode.Unavailable, "Server Is Not Ready")));
        Assert.True(ServerErrors.NotExecuted(Error(StatusCode.Unavailable, "Server Is Too Busy")));
        Assert.True(ServerErrors.NotExecuted(Error(StatusCode.Unknown, ServerErrors.NoLeaderInfo)));
        Assert.True(ServerErrors.NotExecuted(Transport(StatusCode.Unavailable, HttpRequestError.ConnectionError)));
        // What Grpc.Net.Client reports for a refused connection (seen against a closed port).
        Assert.True(ServerErrors.NotExecuted(new RpcException(new Status(StatusCode.Unavailable, "Error connecting to subchannel.",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)))));
    }

    [Fact]
    public void Failures_in_flight_may_have_taken_effect()
    {
        Assert.False(ServerErrors.NotExecuted(Transport(StatusCode.Unavailable, HttpRequestError.ResponseEnded)));
        Assert.False(ServerErrors.NotExecuted(Transport(StatusCode.Internal, HttpRequestError.HttpProtocolError)));
        Assert.False(ServerErrors.NotExecuted(Error(StatusCode.DeadlineExceeded)));
        Assert.False(ServerErrors.NotExecuted(Error(StatusCode.Aborted, "Operation timed out: commit")));
        Assert.False(ServerErrors.NotExecuted(Error(StatusCode.Unknown, "something else")));
    }

    [Fact]
    public void An_append_whose_outcome_is_unknown_says_so_and_only_that()
    {
        var error = Assert.IsType<StoreUnavailableException>(
            ServerErrors.OutcomeUnknown(Transport(StatusCode.Unavailable, HttpRequestError.ResponseEnded), Node, "appending to stream 'relationship-FR~DE'", default));
        Assert.Contains("KurrentDB at 10.1.2.3:2113 failed mid-call", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("the outcome is unknown, the events may or may not have been recorded.", error.Message, StringComparison.Ordinal);
        // The store does not know who appended (a command, a batch, an import): each caller says what to do (before round 57 the
        // store said "Retry with the same command id" to all of them, and the import cut it out again).
        Assert.DoesNotContain("command id", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Advice);
        Assert.True(error.OutcomeUnknown); // what the API's 503 and a batch's message go by, rather than say nothing was recorded
        Assert.False(Assert.IsType<StoreUnavailableException>(ServerErrors.Map(Error(StatusCode.Unavailable), Node, "x", default)).OutcomeUnknown);
        Assert.Contains("did not answer in time", ServerErrors.OutcomeUnknown(Error(StatusCode.DeadlineExceeded), Node, "x", default).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_tls_handshake_points_at_the_certificates()
    {
        var error = ServerErrors.Map(Transport(StatusCode.Unavailable, HttpRequestError.SecureConnectionError), Node, "connecting", default);
        Assert.Contains("over TLS", error.Message, StringComparison.Ordinal);
        Assert.Contains("tlsCaFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_leader_during_an_election_is_said_plainly()
    {
        var error = ServerErrors.Map(Error(StatusCode.Unknown, ServerErrors.NoLeaderInfo), Node, "appending to stream 's'", default);
        Assert.Contains("knows of no leader", error.Message, StringComparison.Ordinal);
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
        var deleted = Assert.IsType<StreamHiddenException>(
            ServerErrors.Map(Error(StatusCode.FailedPrecondition, "d", ("exception", "stream-deleted"), ("stream-name", "relationship-FR~de")), Node, "x", default));
        Assert.Equal(new HiddenStream("relationship-FR~de", "the stream was deleted for good on the server (a tombstone): none of its events can be read"), deleted.Hidden);
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
