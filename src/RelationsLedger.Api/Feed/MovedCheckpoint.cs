using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// A checked checkpoint (<c>afterEventId</c>, or <c>position@eventId</c>) whose event this log holds at another position: the
/// ledger was made again from an export (a KurrentDB node wiped, or another given the address, and <c>ledger import</c> run into
/// it), which keeps each event's id but not its position. Before round 56 the consumer was told only that this log is not the one
/// its checkpoint came from, and had to start over from the beginning or look for its place by hand; now the 400 says where its
/// event is, so that it can resume there if this log holds the history it read.
/// </summary>
internal static class MovedCheckpoint
{
    /// <summary>
    /// <paramref name="eventId"/> where this log holds it, or null: looked up by the store's index of ids (the embedded store), or
    /// by its reservation, which names its stream, and a read of that stream (KurrentDB, whose ids are known only within a stream).
    /// Asked only of a checkpoint already refused, so a read of one relationship's stream is its whole cost.
    /// </summary>
    public static async Task<RecordedEvent?> FindAsync(IEventStore store, Guid eventId, CancellationToken ct)
    {
        if (store is IFindsEventsById index)
        {
            await foreach (var e in index.FindEventsAsync([eventId], ct)) return e;
            return null;
        }
        if (store is not IReservesEventIds reserves || await reserves.ReservationOfAsync(eventId, ct) is not { } reservation) return null;
        try
        {
            await foreach (var e in store.ReadStreamAsync(reservation.Stream, ReadDirection.Forwards, 0, long.MaxValue, ct))
                if (e.EventId == eventId) return e;
        }
        catch (StreamHiddenException)
        {
            // Hidden by another client: where the event is cannot be said.
        }
        return null;
    }

    /// <summary>The refusal: what the checkpoint's position holds, where its event is, and how to resume after it there.</summary>
    public static string Explain(string field, Guid eventId, GlobalPosition position, RecordedEvent? at, RecordedEvent there) =>
        $"{FeedInput.NotThere(field, eventId, position, at)} This log holds event {eventId:D} at another position, {there.Position} ({there.Stream} revision {there.Revision}): its positions are " +
        "not those the checkpoint was taken from — the ledger made again from an export (a KurrentDB node wiped or replaced, then " +
        "ledger import)? Nothing was sent. If this log holds the history the checkpoint was read from, resume after the event where " +
        $"it is now: after={there.Position}&afterEventId={eventId:D} (as Last-Event-ID of the stream: {there.Position}@{eventId:D}).";
}
