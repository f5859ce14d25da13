using System.Text;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>
/// The event id reservations of an append of many events (an import's run, a batch's part) go on one call (BatchAppend), each
/// still its own write with "no stream": before round 57 each was a call of its own, 100,000 of the ~110,000 calls of a
/// 100,000-event import. Counted at the wire, as HTTP/2 requests through a proxy. What a reservation guarantees is unchanged:
/// an id held by another stream, or whose reservation another client hid, refuses the whole append. Skipped (never passed)
/// without KURRENTDB_CONNECTION_STRING.
/// </summary>
public sealed class ReservationCallsTests
{
    private const int Events = 40;

    [SkippableFact]
    public async Task The_reservations_of_an_append_of_many_events_go_on_one_call_and_each_names_its_stream()
    {
        var (proxy, store) = ThroughProxy();
        await using var _ = proxy;
        await using var __ = store;
        var stream = $"relationship-C{Guid.NewGuid():N}~rc";
        await store.AppendAsync(stream, ExpectedRevision.NoStream, [Event()]); // the connection and the ledger's identity are made
        var events = Enumerable.Range(0, Events).Select(_ => Event()).ToList();

        var before = proxy.Requests;
        var appended = await store.AppendAsync(stream, ExpectedRevision.Exact(0), events);
        var calls = proxy.Requests - before;

        // The stream's metadata (read beside the reservations), the reservations, the append: 3 calls; main made 42.
        Assert.True(calls <= 4, $"{calls} calls for an append of {Events} events");
        Assert.Equal((ulong)Events, appended.NextExpectedRevision);
        foreach (var e in events) Assert.Equal(stream, (await store.ReservationOfAsync(e.EventId))?.Stream);
        // The same append again (an import run again after an unknown outcome): the server's repeat, reservations and all.
        await store.AppendAsync(stream, ExpectedRevision.Exact(0), events);
        Assert.Equal(Events + 1, (await store.ReadStreamAsync(stream, ReadDirection.Forwards, null, 100).ToListAsync()).Count);
        foreach (var e in events)
            Assert.Single(await store.ReadStreamAsync(EventIdReservations.StreamOf(e.EventId), ReadDirection.Forwards, null, 10).ToListAsync());
    }

    [SkippableFact]
    public async Task An_id_held_by_another_stream_among_many_refuses_the_whole_append_and_names_its_holder()
    {
        var (proxy, store) = ThroughProxy();
        await using var _ = proxy;
        await using var __ = store;
        var (holder, other) = ($"relationship-C{Guid.NewGuid():N}~ha", $"relationship-C{Guid.NewGuid():N}~hb");
        var held = Event();
        await store.AppendAsync(holder, ExpectedRevision.NoStream, [held]);
        var events = Enumerable.Range(0, Events).Select(_ => Event()).ToList();
        events.Insert(Events / 2, held);

        var refused = await Assert.ThrowsAsync<DuplicateEventException>(() => store.AppendAsync(other, ExpectedRevision.NoStream, events));

        Assert.Equal(held.EventId, refused.EventId);
        Assert.Contains(holder, refused.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ReadStreamAsync(other, ReadDirection.Forwards, null, 100).ToListAsync());
    }

    [SkippableFact]
    public async Task An_id_among_many_whose_reservation_another_client_hid_refuses_the_whole_append()
    {
        var (proxy, store) = ThroughProxy();
        await using var _ = proxy;
        await using var __ = store;
        var (first, second) = ($"relationship-C{Guid.NewGuid():N}~sa", $"relationship-C{Guid.NewGuid():N}~sb");
        var hidden = Event();
        await store.AppendAsync(first, ExpectedRevision.NoStream, [hidden]);
        var reservation = EventIdReservations.StreamOf(hidden.EventId);
        // A soft delete by another client: the server then lets "no stream" write the reservation again, past revision 0.
        await store.AppendAsync("$$" + reservation, ExpectedRevision.Any,
            [new EventData(Guid.NewGuid(), "$metadata", """{"$tb":9223372036854775807}"""u8.ToArray(), Array.Empty<byte>())]);
        var events = Enumerable.Range(0, Events).Select(_ => Event()).Append(hidden).ToList();

        var refused = await Assert.ThrowsAsync<StreamHiddenException>(() => store.AppendAsync(second, ExpectedRevision.NoStream, events));

        Assert.Equal(reservation, refused.Hidden.Stream);
        Assert.Empty(await store.ReadStreamAsync(second, ReadDirection.Forwards, null, 100).ToListAsync());
    }

    private static (TcpProxy Proxy, KurrentDbEventStore Store) ThroughProxy()
    {
        var settings = ServerUnderTest.RequireOneInsecureNode();
        var proxy = new TcpProxy(settings.Hosts[0].Host, settings.Hosts[0].Port);
        return (proxy, new KurrentDbEventStore(new KurrentDbConnection(settings with { Hosts = [new KurrentDbEndpoint("127.0.0.1", proxy.Port)] }), ownsConnection: true));
    }

    private static EventData Event() => new(
        Guid.NewGuid(), "RelationsEstablished", Encoding.UTF8.GetBytes("""{"since":"2020"}"""),
        Encoding.UTF8.GetBytes($$"""{"$correlationId":"{{Guid.NewGuid()}}","$causationId":"{{Guid.NewGuid()}}","schemaVersion":1}"""));
}
