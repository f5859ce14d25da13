using System.Runtime.CompilerServices;
using Grpc.Core;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Connection;
using RelationsLedger.Store.KurrentDb.Mapping;
using RelationsLedger.Store.KurrentDb.Protocol;

namespace RelationsLedger.Store.KurrentDb.Subscriptions;

/// <summary>
/// A catch-up subscription to $all, filtered on the server, that survives dropped connections: it
/// resubscribes from its cursor with backoff until cancelled. Errors that a new attempt cannot fix
/// (refused credentials, denied access, a malformed event) end it with an exception, and so does a
/// server that cannot be reached at all when the subscription starts: a wrong address should be
/// reported, not waited on forever.
/// </summary>
/// <param name="readAt">The event at a position of the global log, or null (the store's <c>ReadAtAsync</c>): before each
/// reconnect the subscription checks that the event it stands on is still there (<see cref="LogReplacedException"/>).</param>
/// <param name="head">The position of the last event a filter lets through: a node whose log does not reach the event the
/// subscription stands on is behind it (a follower catching up after a failover) or a shorter history; it is waited on.</param>
/// <param name="anotherLedger">Why the server no longer holds the store's ledger, or null: asked before each reconnect, so that a
/// node reset or replaced ends the subscription at once, saying so, rather than being waited on until its log passes the
/// subscription's position (a --mem-db node restarted is empty), and whatever the subscription has delivered.</param>
internal sealed class AllSubscription(KurrentDbConnection connection, StreamFilter filter, Backoff backoff,
    Func<GlobalPosition, CancellationToken, Task<RecordedEvent?>> readAt, Func<StreamFilter, CancellationToken, Task<GlobalPosition?>> head,
    Func<CancellationToken, Task<string?>> anotherLedger)
{
    /// <summary>Called with each transient failure before the next attempt (for tests and diagnostics).</summary>
    public Action<Exception>? OnDropped { get; init; }

    /// <summary>Attempts made before giving up on a server that has never answered this subscription.</summary>
    public const int AttemptsBeforeFirstContact = 3;

    public async IAsyncEnumerable<RecordedEvent> RunAsync(GlobalPosition? after, [EnumeratorCancellation] CancellationToken ct)
    {
        var cursor = new SubscriptionCursor(after, filter);
        var failures = 0;
        var contacted = false;
        // The event the subscription stands on: the one at 'after', then each it delivers. A position is not enough
        // after a reconnect: a node reset to another history gives the same positions to other events, or none.
        (GlobalPosition Position, Guid EventId)? standsOn = null;
        var anchored = after is null;
        while (!ct.IsCancellationRequested)
        {
            Node node;
            string? replaced = null;
            try
            {
                node = await connection.NodeAsync(Role.Read, ct);
                if (contacted) replaced = await anotherLedger(ct);
                if (replaced is null)
                {
                    if (!anchored && await readAt(after!.Value, ct) is { } first) standsOn = (first.Position, first.EventId);
                    anchored = true;
                    if (contacted && standsOn is { } stand) await CheckStandingAsync(node, stand.Position, stand.EventId, ct);
                }
            }
            catch (StoreUnavailableException e) when (contacted || failures + 1 < AttemptsBeforeFirstContact)
            {
                OnDropped?.Invoke(e);
                if (!await WaitAsync(failures++, ct)) yield break;
                continue;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                yield break;
            }
            if (replaced is not null) throw new StoreUnavailableException($"The subscription to $all ended: {replaced}") { AnotherLedger = true };

            using var call = node.Streams.Read(Requests.SubscribeToAll(cursor.ResumeFrom, filter), connection.Options(Role.Read, until: null, ct));
            Exception? dropped = null;
            while (dropped is null)
            {
                ReadResp response;
                try
                {
                    if (!await call.ResponseStream.MoveNext(ct))
                    {
                        dropped = new StoreUnavailableException($"KurrentDB at {node.Endpoint} ended the subscription.");
                        break;
                    }
                    response = call.ResponseStream.Current;
                }
                catch (Exception e) when (ct.IsCancellationRequested && e is RpcException or OperationCanceledException)
                {
                    yield break;
                }
                catch (RpcException e) when (ServerErrors.IsTransient(e) && (contacted || failures + 1 < AttemptsBeforeFirstContact))
                {
                    dropped = e;
                    if (ServerErrors.Leader(e) is { } leader) connection.UseLeader(leader);
                    else connection.Forget(node.Endpoint, refused: ServerErrors.IsConnectFailure(e));
                    break;
                }
                catch (RpcException e)
                {
                    throw ServerErrors.Map(e, node.Endpoint, "subscribing to $all", ct);
                }

                contacted = true;
                switch (response.ContentCase)
                {
                    case ReadResp.ContentOneofCase.Event:
                        var e = Responses.Event(response.Event.Event);
                        if (cursor.Accept(e))
                        {
                            failures = 0;
                            // A stream's metadata (a hiding record, StreamFilter.Hidings) is not one the check's read of the log finds.
                            if (!e.Stream.StartsWith(StreamMetadata.StreamPrefix, StringComparison.Ordinal)) standsOn = (e.Position, e.EventId);
                            if (filter.Delivers(e)) yield return e;
                        }
                        break;
                    case ReadResp.ContentOneofCase.Checkpoint:
                        cursor.Checkpoint(Responses.Position(response.Checkpoint));
                        failures = 0;
                        break;
                    // Confirmation, and the newer servers' caught-up and fell-behind notices, change nothing here.
                }
            }
            OnDropped?.Invoke(dropped);
            if (!await WaitAsync(failures++, ct)) yield break;
        }
    }

    /// <summary>
    /// Before going on from its cursor on <paramref name="node"/>: the event the subscription stands on must be there.
    /// Another event there, or none where the node's log goes past it, is another history; a log that ends before it
    /// may be a node still catching up, so the subscription waits for it (as for a dropped connection) — and should it
    /// be another history, it says so once that log has grown past the position.
    /// </summary>
    private async Task CheckStandingAsync(Node node, GlobalPosition position, Guid eventId, CancellationToken ct)
    {
        var now = await readAt(position, ct);
        if (now?.EventId == eventId) return;
        if (now is null && (await head(filter, ct) is not { } end || end < position))
            throw new StoreUnavailableException($"KurrentDB at {node.Endpoint} does not yet hold the event this subscription stands on (at {position}); waiting for it.");
        throw new LogReplacedException($"KurrentDB at {node.Endpoint}", position, eventId, now);
    }

    private async Task<bool> WaitAsync(int failures, CancellationToken ct)
    {
        try
        {
            await Task.Delay(backoff.Delay(failures, Random.Shared.NextDouble()), ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
