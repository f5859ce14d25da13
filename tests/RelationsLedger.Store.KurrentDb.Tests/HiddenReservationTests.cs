using System.Text;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>
/// Another client of the server hides an event id's reservation (<see cref="EventIdReservations"/>): its stream
/// soft-deleted or truncated by its metadata, as an admin tidying a million tiny streams might. The id stays recorded
/// in its relationship, so no other relationship may record it, and what the ledger cannot read it must not guess.
/// Skipped without KURRENTDB_CONNECTION_STRING; each test uses streams of its own.
/// </summary>
public sealed class HiddenReservationTests
{
    private static EventData Event(Guid id) => new(id, "RelationsEstablished",
        Encoding.UTF8.GetBytes("""{"since":"2020"}"""), Encoding.UTF8.GetBytes("""{"schemaVersion":1}"""));

    /// <summary>What another client with the server's rights does: write the stream's metadata (a soft delete is <c>$tb</c> at its maximum).</summary>
    private static Task SetMetadataAsync(KurrentDbEventStore store, string stream, string json) =>
        store.AppendAsync("$$" + stream, ExpectedRevision.Any, [new EventData(Guid.NewGuid(), "$metadata", Encoding.UTF8.GetBytes(json), Array.Empty<byte>())]);

    [SkippableTheory]
    [InlineData("""{"$tb":9223372036854775807}""")] // soft-deleted: the server lets "no stream" write it again
    [InlineData("""{"$tb":1}""")]
    public async Task An_id_whose_reservation_was_hidden_is_refused_on_another_relationship_and_recorded_nowhere_else(string metadata)
    {
        await using var store = await KurrentDbEventStore.ConnectAsync(ServerUnderTest.Require());
        var (first, second) = ($"relationship-R{Guid.NewGuid():N}~a", $"relationship-R{Guid.NewGuid():N}~b");
        var e = Event(Guid.NewGuid());
        await store.AppendAsync(first, ExpectedRevision.NoStream, [e]);
        var reservation = EventIdReservations.StreamOf(e.EventId);
        await SetMetadataAsync(store, reservation, metadata);

        var refused = await Assert.ThrowsAsync<StreamHiddenException>(() => store.AppendAsync(second, ExpectedRevision.NoStream, [e]));

        Assert.Equal(reservation, refused.Hidden.Stream);
        Assert.Empty(await store.ReadStreamAsync(second, ReadDirection.Forwards, null, 10).ToListAsync());
        // Refused again, the same way, whichever relationship asks: nothing tells which one held the id first.
        var again = await Assert.ThrowsAsync<StreamHiddenException>(() => store.AppendAsync(second, ExpectedRevision.NoStream, [e]));
        Assert.Equal(reservation, again.Hidden.Stream);
        Assert.Equal([e.EventId], (await store.ReadStreamAsync(first, ReadDirection.Forwards, null, 10).ToListAsync()).Select(r => r.EventId));
    }
}
