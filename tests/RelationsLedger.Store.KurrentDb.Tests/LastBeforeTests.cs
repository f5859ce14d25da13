using System.Text;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>
/// The last event before a position, read back from it (<see cref="IReadsLogBackwards"/>): what the feed's refusal of a
/// scavenged checkpoint names as the way on, without reading the log from its start on every refusal. Live: skipped
/// without KURRENTDB_CONNECTION_STRING. (A position whose event was scavenged: ScavengedCheckpointFeedTests.)
/// </summary>
public sealed class LastBeforeTests
{
    private static EventData Event() => new(Guid.NewGuid(), "RelationsEstablished", Encoding.UTF8.GetBytes("""{"since":"2020-01-01"}"""),
        Encoding.UTF8.GetBytes($$"""{"$correlationId":"{{Guid.NewGuid()}}","$causationId":"{{Guid.NewGuid()}}","schemaVersion":1}"""));

    [SkippableFact]
    public async Task The_last_event_before_a_position_is_the_one_before_it_that_the_filter_lets_through()
    {
        await using var store = await KurrentDbEventStore.ConnectAsync(ServerUnderTest.Require());
        var stream = $"relationship-L{Guid.NewGuid():N}~bb";
        await store.AppendAsync(stream, ExpectedRevision.NoStream, [Event(), Event()]);
        await store.AppendAsync($"other-{Guid.NewGuid():N}", ExpectedRevision.NoStream, [Event(), Event(), Event()]); // not a relationship's
        await store.AppendAsync(stream, ExpectedRevision.Exact(1), [Event()]);
        var events = await store.ReadStreamAsync(stream, ReadDirection.Forwards, null, 10).ToListAsync();
        // Filtered to this test's stream (a prefix of its own): tests running beside it append relationship events that may
        // fall between its appends, and the last relationship event before events[2] was then one of theirs (round 53, once
        // in a full live run: 'Expected: 5de5ef88-… Actual: 11e9c552-…').
        var mine = new StreamFilter(stream);

        var (fromThere, last) = await store.LastBeforeAsync(events[2].Position, mine);
        Assert.True(fromThere);
        Assert.Equal(events[1].EventId, last?.EventId); // past the other stream's three events, not the event at the position
        (fromThere, last) = await store.LastBeforeAsync(events[1].Position, mine);
        Assert.Equal((true, events[0].EventId), (fromThere, last?.EventId));
        // Unfiltered, it is an event between the two (the id reservation the store writes before an event, or the other stream's).
        (fromThere, last) = await store.LastBeforeAsync(events[2].Position, StreamFilter.All);
        Assert.True(fromThere);
        Assert.True(last is { } l && l.Stream != stream && events[1].Position < l.Position && l.Position < events[2].Position, $"{last?.Stream} at {last?.Position}");
    }

    [SkippableFact]
    public async Task A_position_inside_an_events_record_is_no_place_the_log_is_read_back_from()
    {
        await using var store = await KurrentDbEventStore.ConnectAsync(ServerUnderTest.Require());
        var stream = $"relationship-L{Guid.NewGuid():N}~bb";
        await store.AppendAsync(stream, ExpectedRevision.NoStream, [Event(), Event()]);
        var second = (await store.ReadStreamAsync(stream, ReadDirection.Forwards, 1, 1).ToListAsync())[0];
        var inside = new GlobalPosition(second.Position.Commit + 1, second.Position.Prepare + 1);

        Assert.Null(await store.ReadAtAsync(inside));
        Assert.Equal((false, (RecordedEvent?)null), await store.LastBeforeAsync(inside, StreamFilter.Relationships));
    }
}
