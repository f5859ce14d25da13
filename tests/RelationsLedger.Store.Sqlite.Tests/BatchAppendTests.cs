using System.Text;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// <see cref="SqliteEventStore.AppendManyAsync"/>, the bulk path: all of a batch or none of it, each
/// append checked after the ones before it, and a retried append answered with its first result.
/// </summary>
public sealed class BatchAppendTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static EventData Event(Guid? id = null) =>
        new(id ?? Guid.NewGuid(), "StatementMade", Encoding.UTF8.GetBytes("""{"n":1}"""), Encoding.UTF8.GetBytes("{}"));

    private async Task<List<(string Stream, ulong Revision, Guid Id)>> AllAsync(IEventStore store)
    {
        var all = new List<(string, ulong, Guid)>();
        await foreach (var e in store.ReadAllAsync(null, long.MaxValue, StreamFilter.All)) all.Add((e.Stream, e.Revision, e.EventId));
        return all;
    }

    [Fact]
    public async Task Appends_to_one_stream_within_a_batch_follow_each_other()
    {
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        var results = await store.AppendManyAsync([
            new("relationship-AA~BB", ExpectedRevision.NoStream, [Event(), Event()]),
            new("relationship-AA~CC", ExpectedRevision.NoStream, [Event()]),
            new("relationship-AA~BB", ExpectedRevision.Exact(1), [Event()]),
        ]);
        Assert.Equal([1UL, 0UL, 2UL], results.Select(r => r.NextExpectedRevision));
        Assert.Equal([1UL, 2UL, 3UL, 4UL], (await AllAsync(store)).Select((e, i) => (ulong)i + 1));
        Assert.Equal([0UL, 1UL, 0UL, 2UL], (await AllAsync(store)).Select(e => e.Revision));
    }

    [Fact]
    public async Task A_wrong_expected_revision_anywhere_writes_nothing_of_the_batch()
    {
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [Event()]);
        var e = await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => store.AppendManyAsync([
            new("relationship-AA~CC", ExpectedRevision.NoStream, [Event()]),
            new("relationship-AA~BB", ExpectedRevision.NoStream, [Event()]),
        ]));
        Assert.Equal("relationship-AA~BB", e.Stream);
        Assert.Single(await AllAsync(store));
    }

    [Fact]
    public async Task A_retried_append_in_a_batch_gets_its_first_result_and_the_rest_is_written()
    {
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        var first = new[] { Event(), Event() };
        var original = await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, first);
        var fresh = Event();
        var results = await store.AppendManyAsync([
            new("relationship-AA~CC", ExpectedRevision.NoStream, [fresh]),
            new("relationship-AA~BB", ExpectedRevision.Any, first), // the retry: same ids, same stream
        ]);
        Assert.Equal(original with { Repeated = true }, results[1]);
        Assert.Equal([first[0].EventId, first[1].EventId, fresh.EventId], (await AllAsync(store)).Select(e => e.Id));
    }

    [Fact]
    public async Task An_event_id_recorded_in_another_stream_refuses_the_whole_batch()
    {
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        var taken = Event();
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [taken]);
        var e = await Assert.ThrowsAsync<DuplicateEventException>(() => store.AppendManyAsync([
            new("relationship-AA~CC", ExpectedRevision.NoStream, [Event()]),
            new("relationship-AA~DD", ExpectedRevision.NoStream, [Event(), Event(taken.EventId)]),
        ]));
        Assert.Contains(taken.EventId.ToString(), e.Message);
        Assert.Single(await AllAsync(store));
    }
}
