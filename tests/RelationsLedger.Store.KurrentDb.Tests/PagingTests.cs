using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Mapping;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>
/// Long reads are split into calls of one page each, because the deadline covers a whole call:
/// against EventStoreDB 23.10.6 a single call reading 40,000 events of $all was cut off by a 300 ms
/// deadline after 9,417 events, and one reading a million would be cut off by the default 10 s.
/// A fake server here answers each call as the real one does (from a revision or position, inclusive).
/// </summary>
public sealed class PagingTests
{
    private static RecordedEvent At(ulong revision, ulong position, string stream = "relationship-FR~de") =>
        new(Guid.NewGuid(), stream, revision, GlobalPosition.Of(position), "T", Array.Empty<byte>(), Array.Empty<byte>(), DateTimeOffset.UnixEpoch);

    private static List<RecordedEvent> StreamOf(int n) => Enumerable.Range(0, n).Select(i => At((ulong)i, 100 + (ulong)i * 10)).ToList();

    /// <summary>The server's stream read: from a revision (inclusive), or the start/end, at most count events.</summary>
    private static Func<ulong?, ulong, IAsyncEnumerable<RecordedEvent>> Server(List<RecordedEvent> stream, ReadDirection direction, List<(ulong? From, ulong Count)> calls) =>
        (from, count) =>
        {
            calls.Add((from, count));
            var events = direction == ReadDirection.Forwards
                ? stream.Where(e => from is null || e.Revision >= from)
                : stream.AsEnumerable().Reverse().Where(e => from is null || e.Revision <= from);
            return events.Take((int)count).ToAsyncEnumerable();
        };

    [Theory]
    [InlineData(ReadDirection.Forwards, 10, 3)]
    [InlineData(ReadDirection.Forwards, 9, 3)]
    [InlineData(ReadDirection.Backwards, 10, 3)]
    [InlineData(ReadDirection.Backwards, 9, 3)]
    [InlineData(ReadDirection.Forwards, 0, 3)]
    [InlineData(ReadDirection.Backwards, 1, 5)]
    public async Task A_stream_read_longer_than_a_page_is_made_of_calls_of_one_page_and_sees_every_event_once(ReadDirection direction, int length, int pageSize)
    {
        var stream = StreamOf(length);
        var calls = new List<(ulong? From, ulong Count)>();
        var read = await Paging.Stream(direction, null, long.MaxValue, pageSize, Server(stream, direction, calls)).ToListAsync();

        var expected = direction == ReadDirection.Forwards ? stream : stream.AsEnumerable().Reverse().ToList();
        Assert.Equal(expected.Select(e => e.EventId), read.Select(e => e.EventId));
        Assert.All(calls, c => Assert.True(c.Count <= (ulong)pageSize));
        // A full last page asks once more forwards; backwards, reaching revision 0 ends the read.
        var reachesZero = direction == ReadDirection.Backwards && length > 0 && length % pageSize == 0;
        Assert.Equal(length / pageSize + (reachesZero ? 0 : 1), calls.Count);
    }

    [Fact]
    public async Task A_stream_read_stops_at_max_count_across_pages_and_continues_from_the_next_revision()
    {
        var stream = StreamOf(20);
        var calls = new List<(ulong? From, ulong Count)>();
        var read = await Paging.Stream(ReadDirection.Forwards, 5, 7, 3, Server(stream, ReadDirection.Forwards, calls)).ToListAsync();
        Assert.Equal(Enumerable.Range(5, 7).Select(i => (ulong)i), read.Select(e => e.Revision));
        Assert.Equal([(5UL, 3UL), (8UL, 3UL), (11UL, 1UL)], calls.Select(c => (c.From!.Value, c.Count)));
    }

    [Fact]
    public async Task A_backwards_read_continues_from_the_revision_before_the_last_one_seen()
    {
        var stream = StreamOf(8);
        var calls = new List<(ulong? From, ulong Count)>();
        var read = await Paging.Stream(ReadDirection.Backwards, 6, long.MaxValue, 3, Server(stream, ReadDirection.Backwards, calls)).ToListAsync();
        Assert.Equal([6UL, 5, 4, 3, 2, 1, 0], read.Select(e => e.Revision));
        Assert.Equal([(6UL, 3UL), (3UL, 3UL), (0UL, 3UL)], calls.Select(c => (c.From!.Value, c.Count)));
    }

    [Fact]
    public async Task A_missing_stream_is_one_empty_call()
    {
        var calls = new List<(ulong? From, ulong Count)>();
        Assert.Empty(await Paging.Stream(ReadDirection.Forwards, null, long.MaxValue, 3, Server([], ReadDirection.Forwards, calls)).ToListAsync());
        Assert.Single(calls);
    }

    /// <summary>The server's $all read, forwards from a position (inclusive), filtered as the store asks.</summary>
    private static Func<GlobalPosition?, ulong, IAsyncEnumerable<RecordedEvent>> AllServer(List<RecordedEvent> log, List<(GlobalPosition? From, ulong Count)> calls) =>
        (from, count) =>
        {
            calls.Add((from, count));
            return log.Where(e => from is null || e.Position >= from).Take((int)count).ToAsyncEnumerable();
        };

    [Theory]
    [InlineData(null, 10)]
    [InlineData(3, 5)]
    public async Task A_read_of_all_longer_than_a_page_sees_every_event_after_the_position_once(int? afterIndex, int pageSize)
    {
        var log = Enumerable.Range(0, 23).Select(i => At(0, 1000 + (ulong)i * 7, $"relationship-s{i % 4}")).ToList();
        var after = afterIndex is { } i ? log[i].Position : (GlobalPosition?)null;
        var calls = new List<(GlobalPosition? From, ulong Count)>();
        var read = await Paging.All(after, long.MaxValue, pageSize, _ => true, AllServer(log, calls)).ToListAsync();

        Assert.Equal(log.Skip((afterIndex ?? -1) + 1).Select(e => e.EventId), read.Select(e => e.EventId));
        Assert.All(calls, c => Assert.True(c.Count <= (ulong)pageSize + 1));
        Assert.True(calls.Count >= 3);
        // Each call after the first starts at the last event seen, which it does not deliver again.
        for (var n = 1; n < calls.Count; n++) Assert.NotNull(calls[n].From);
    }

    [Fact]
    public async Task A_read_of_all_stops_at_max_count_and_applies_the_filter()
    {
        var log = Enumerable.Range(0, 30).Select(i => At(0, 10 + (ulong)i, i % 2 == 0 ? "relationship-a" : "other")).ToList();
        var calls = new List<(GlobalPosition? From, ulong Count)>();
        var read = await Paging.All(null, 6, 4, e => e.Stream.StartsWith("relationship-", StringComparison.Ordinal), AllServer(log, calls)).ToListAsync();
        Assert.Equal(6, read.Count);
        Assert.All(read, e => Assert.Equal("relationship-a", e.Stream));
        Assert.Equal(log.Where(e => e.Stream == "relationship-a").Take(6).Select(e => e.EventId), read.Select(e => e.EventId));
    }

    [Fact]
    public async Task Nothing_is_asked_for_zero_events()
    {
        var calls = new List<(GlobalPosition? From, ulong Count)>();
        Assert.Empty(await Paging.All(null, 0, 4, _ => true, AllServer([At(0, 1)], calls)).ToListAsync());
        Assert.Empty(calls);
    }
}
