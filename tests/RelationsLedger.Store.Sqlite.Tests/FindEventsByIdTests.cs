using System.Text;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// <see cref="SqliteEventStore.FindEventsAsync"/>: events found by id in any stream through the id index, unknown
/// ids left out, as many ids at once as an import's chunk (more than SQLite's limit of bound parameters), and a
/// store that does not exist yet finds nothing.
/// </summary>
public sealed class FindEventsByIdTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static EventData Event(int n) =>
        new(Guid.NewGuid(), "StatementMade", Encoding.UTF8.GetBytes($$"""{"n":{{n}}}"""), Encoding.UTF8.GetBytes("{}"));

    [Fact]
    public async Task Finds_recorded_events_in_any_stream_and_leaves_out_unknown_ids()
    {
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        var (a, b) = ((EventData[])[Event(1), Event(2)], (EventData[])[Event(3)]);
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, a);
        await store.AppendAsync("other-stream", ExpectedRevision.NoStream, b);

        var found = await store.FindEventsAsync([a[1].EventId, Guid.NewGuid(), b[0].EventId]).ToListAsync();

        Assert.Equal(
            [(a[1].EventId, "relationship-AA~BB", 1UL, """{"n":2}"""), (b[0].EventId, "other-stream", 0UL, """{"n":3}""")],
            found.OrderBy(e => e.Position).Select(e => (e.EventId, e.Stream, e.Revision, Encoding.UTF8.GetString(e.Data.Span))));
        Assert.Empty(await store.FindEventsAsync([]).ToListAsync());
    }

    [Fact]
    public async Task Takes_more_ids_at_once_than_sqlite_binds_parameters()
    {
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        var events = Enumerable.Range(0, 40_000).Select(Event).ToArray();
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, events);
        var asked = events.Where((_, i) => i % 3 == 0).Select(e => e.EventId).Concat(Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid())).ToList();

        var found = await store.FindEventsAsync(asked).Select(e => e.EventId).ToListAsync();

        Assert.Equal(events.Where((_, i) => i % 3 == 0).Select(e => e.EventId).Order(), found.Order());
    }

    [Fact]
    public async Task A_store_not_yet_written_finds_nothing_and_stays_unwritten()
    {
        var path = _folder.File("none.db");
        await using var store = await SqliteEventStore.OpenAsync(path);
        Assert.Empty(await store.FindEventsAsync([Guid.NewGuid()]).ToListAsync());
        Assert.False(File.Exists(path));
    }
}
