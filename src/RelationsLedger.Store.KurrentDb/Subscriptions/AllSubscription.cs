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
internal sealed class AllSubscription(KurrentDbConnection connection, StreamFilter filter, Backoff backoff,
    Func<GlobalPosition, CancellationToken, Task<RecordedEvent?>> readAt)
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
            try
            {
                node = await connection.NodeAsync(Role.Read, ct);
                if (!anchored && await readAt(after!.Value, ct) is { } first) standsOn = (first.Position, first.EventId);
                anchored = true;
                if (contacted && standsOn is { } stand && await readAt(stand.Position, ct) is var now && now?.EventId != stand.EventId)
                    throw new LogReplacedException($"KurrentDB at {node.Endpoint}", stand.Position, stand.EventId, now);
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
                            standsOn = (e.Position, e.EventId);
                            if (!Responses.IsTombstone(e)) yield return e;
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
