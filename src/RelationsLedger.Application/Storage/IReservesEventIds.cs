namespace RelationsLedger.Application.Storage;

/// <summary>
/// A store that keeps event ids unique across streams by writing a reservation of each id for its stream before the event
/// (KurrentDB, which recognises an id only within one stream: docs/kurrentdb.md). The reservations are the store's own
/// record of what the ledger appended, so an audit asks them of every event: one another client of the server appended
/// to a relationship stream has none (docs/audit.md, "Events another client appended"). The embedded store, whose file is
/// its own record, does not implement this.
/// </summary>
public interface IReservesEventIds
{
    /// <summary>Every reservation of the log, in log order (the first is where the store began to reserve ids).</summary>
    IAsyncEnumerable<EventIdReservation> ReservationsAsync(CancellationToken ct = default);

    /// <summary>The reservation of <paramref name="eventId"/>, or null when the log holds none (or its stream is hidden).</summary>
    ValueTask<EventIdReservation?> ReservationOfAsync(Guid eventId, CancellationToken ct = default);
}

/// <summary>The reservation of <paramref name="EventId"/> for <paramref name="Stream"/>, recorded at <paramref name="Position"/>.</summary>
public sealed record EventIdReservation(Guid EventId, string Stream, GlobalPosition Position)
{
    /// <summary>What the name of a reservation's stream starts with: <c>relationsledger-eventid-&lt;id&gt;</c>.</summary>
    public const string StreamPrefix = "relationsledger-eventid-";

    /// <summary>The stream that holds the reservation of <paramref name="eventId"/>.</summary>
    public static string StreamOf(Guid eventId) => StreamPrefix + eventId.ToString("N");
}
