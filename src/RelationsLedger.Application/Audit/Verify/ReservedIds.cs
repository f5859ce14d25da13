using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Audit.Verify;

/// <summary>
/// On a store that reserves each event's id before it appends the event (<see cref="IReservesEventIds"/>: KurrentDB), the
/// events whose reservation does not show the ledger appended them: none is in the log, or it names another stream. Another
/// client of the server with write access can append to a relationship stream an event of the ledger's types, chained with
/// the documented hash and accepted by the ledger's rules: its chain verifies, but the ledger's store did not write it, and
/// only the reservations it writes first say so. An event before the log's first reservation is not named: the ledger
/// recorded it before its store reserved ids (docs/kurrentdb.md). Named <see cref="TamperKind.Inserted"/>; a writer who read
/// the docs and wrote a reservation too is not caught here (a digest taken before is what shows it).
/// </summary>
public static class ReservedIds
{
    private const int Parallelism = 16;

    /// <summary>
    /// The events of the whole ledger's <paramref name="log"/> that no reservation shows the ledger appended: one read of the
    /// reservations. Its links are read back from where the audit keeps them, and held by id until their reservation is read.
    /// </summary>
    public static async Task<List<ChainFinding>> OfLedgerAsync(IEventStore store, AuditedLog log, CancellationToken ct)
    {
        var named = new List<ChainFinding>();
        if (store is not IReservesEventIds reserves || log.Count == 0) return named;
        var unreserved = new Dictionary<Guid, ChainLink>(RandomisedIds.Comparer);
        // A second event under one id (the first holds it in the dictionary) is asked of the same reservation.
        var seconds = log.Links.Where(link => !unreserved.TryAdd(link.EventId, link)).ToList();
        var ofSeconds = seconds.Select(l => l.EventId).ToHashSet(RandomisedIds.Comparer);
        var reservedForSeconds = new Dictionary<Guid, EventIdReservation>(RandomisedIds.Comparer);
        EventIdReservation? first = null;
        await foreach (var reservation in reserves.ReservationsAsync(ct))
        {
            first ??= reservation;
            if (ofSeconds.Contains(reservation.EventId)) reservedForSeconds.TryAdd(reservation.EventId, reservation);
            if (unreserved.Remove(reservation.EventId, out var link) && ForAnother(link, reservation) is { } finding) named.Add(finding);
        }
        if (first is null) return named;
        named.AddRange(unreserved.Values.Where(l => l.Position > first.Position).Select(l => NotReserved(l, first)));
        foreach (var link in seconds.Where(l => l.Position > first.Position))
            if ((reservedForSeconds.TryGetValue(link.EventId, out var reservation) ? ForAnother(link, reservation) : NotReserved(link, first)) is { } finding)
                named.Add(finding);
        return named;
    }

    /// <summary>The same, of one relationship's <paramref name="log"/>: its events' reservations read one by one.</summary>
    public static async Task<List<ChainFinding>> OfStreamAsync(IEventStore store, AuditedLog log, CancellationToken ct)
    {
        var named = new List<ChainFinding>();
        if (store is not IReservesEventIds reserves || log.Count == 0) return named;
        var links = log.Links.ToList(); // one relationship's
        EventIdReservation? first = null;
        await foreach (var reservation in reserves.ReservationsAsync(ct)) { first = reservation; break; }
        if (first is null) return named;
        var found = new ChainFinding?[links.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, links.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (i, c) =>
        {
            var link = links[i];
            if (link.Position <= first.Position) return;
            found[i] = await reserves.ReservationOfAsync(link.EventId, c) is { } reservation ? ForAnother(link, reservation) : NotReserved(link, first);
        });
        named.AddRange(found.OfType<ChainFinding>());
        return named;
    }

    private static ChainFinding? ForAnother(ChainLink link, EventIdReservation reservation) =>
        string.Equals(reservation.Stream, link.Stream, StringComparison.Ordinal) ? null : ChainFinding.Of(TamperKind.Inserted, link,
            $"its event id is reserved for {reservation.Stream} ({EventIdReservation.StreamOf(link.EventId)}, position {reservation.Position}), not for this " +
            "stream, and the ledger's KurrentDB store appends an event only to the stream it reserved the event's id for: another client of the server appended it");

    private static ChainFinding NotReserved(ChainLink link, EventIdReservation first) => ChainFinding.Of(TamperKind.Inserted, link,
        $"the log holds no reservation of its event id ({EventIdReservation.StreamOf(link.EventId)}), which the ledger's KurrentDB store writes before " +
        $"every event it appends (the log's first is at position {first.Position}, before this event): another client of the server appended it");
}
