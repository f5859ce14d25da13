using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb.Tests;

public sealed class EventIdReservationTests
{
    private static RecordedEvent Recorded(EventData e) =>
        new(e.EventId, "relationsledger-eventid-x", 0, GlobalPosition.Start, e.Type, e.Data, e.Metadata, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_reservation_names_its_stream_and_its_own_id_depends_on_the_event_id_and_the_stream_only()
    {
        var id = Guid.NewGuid();
        var first = EventIdReservations.For(id, "relationship-DE~FR");
        // The same pair: the same reservation id, so the server takes a repeat for the same append.
        Assert.Equal(first.EventId, EventIdReservations.For(id, "relationship-DE~FR").EventId);
        // Another stream: another id, so the server does not take it for a repeat; "no stream" refuses it.
        Assert.NotEqual(first.EventId, EventIdReservations.For(id, "relationship-DE~IT").EventId);
        Assert.NotEqual(id, first.EventId);
        Assert.Equal(8, first.EventId.Version);
        Assert.Equal("relationship-DE~FR", EventIdReservations.Holder(Recorded(first)));
        Assert.Equal($"relationsledger-eventid-{id:N}", EventIdReservations.StreamOf(id));
    }

    [Fact]
    public void Only_streams_outside_the_stores_own_reserve_ids_and_nothing_else_is_taken_for_a_reservation()
    {
        Assert.True(EventIdReservations.Applies("relationship-DE~FR"));
        Assert.True(EventIdReservations.Applies("conformance-s"));
        Assert.False(EventIdReservations.Applies("relationsledger-ledger"));
        Assert.False(EventIdReservations.Applies("relationsledger-eventid-0"));
        Assert.Null(EventIdReservations.Holder(Recorded(new EventData(Guid.NewGuid(), "Other", "{}"u8.ToArray(), "{}"u8.ToArray()))));
        Assert.Null(EventIdReservations.Holder(Recorded(new EventData(Guid.NewGuid(), EventIdReservations.EventType, "not json"u8.ToArray(), "{}"u8.ToArray()))));
    }
}
