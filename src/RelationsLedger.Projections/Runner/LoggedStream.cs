using System.Runtime.CompilerServices;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// A stream's events as the global log holds them, for the read model, which is made from the global log (a catch-up
/// reads nothing else). Read from the stream — one index read — unless the store hides events of it
/// (<see cref="HiddenStream"/>): those are still in the global log until the server scavenges them, and the read model
/// goes on showing what was recorded there, as its catch-up does; the audit names the hiding, and commands on the
/// relationship are refused. Without this a hidden stream would stop every rebuild, and with it every question. Read
/// from the global log, a stream deleted for good ends with its tombstone (<see cref="Tombstone"/>): the read model tells by
/// it a relationship the server deleted and scavenged — nothing else of it is left — from one never recorded.
/// </summary>
public static class LoggedStream
{
    public static async IAsyncEnumerable<RecordedEvent> ReadAsync(IEventStore store, string stream, [EnumeratorCancellation] CancellationToken ct)
    {
        var hidden = false;
        await using (var events = store.ReadStreamAsync(stream, ReadDirection.Forwards, null, long.MaxValue, ct).GetAsyncEnumerator(ct))
        {
            var any = false;
            while (true)
            {
                try
                {
                    if (!await events.MoveNextAsync()) break;
                }
                catch (StreamHiddenException) when (!any)
                {
                    hidden = true;
                    break;
                }
                any = true;
                yield return events.Current;
            }
        }
        if (!hidden) yield break;
        await foreach (var e in store.ReadAllAsync(null, long.MaxValue, new StreamFilter(stream) { Tombstones = true }, ct))
            if (e.Stream == stream) yield return e;
    }

    /// <summary>
    /// Where the global log holds <paramref name="eventId"/> as <paramref name="revision"/> of <paramref name="stream"/>:
    /// its position, read from the stream (or, when the store hides it from the stream, at <paramref name="position"/> of
    /// the global log); null when the stream holds another event there, or none.
    /// </summary>
    public static async Task<GlobalPosition?> PositionOfAsync(IEventStore store, string stream, ulong revision, Guid eventId, GlobalPosition position, CancellationToken ct)
    {
        // Only the id and position are compared: a store that can read them alone does (the embedded store, from its index), rather than decode the event.
        if (store is IReadsEventIds ids) return await ids.EventAtAsync(stream, revision, ct) is { } at && at.EventId == eventId ? at.Position : null;
        try
        {
            await foreach (var e in store.ReadStreamAsync(stream, ReadDirection.Forwards, revision, 1, ct))
                return e.Revision == revision && e.EventId == eventId ? e.Position : null;
            return null;
        }
        catch (StreamHiddenException)
        {
            return await store.ReadAtAsync(position, ct) is { } at && at.Stream == stream && at.Revision == revision && at.EventId == eventId ? at.Position : null;
        }
    }
}
