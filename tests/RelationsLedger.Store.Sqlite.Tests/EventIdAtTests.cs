using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// The id and position of the event at a stream's revision, read alone (<see cref="IReadsEventIds"/>): what a read model's
/// catch-up compares before every question to tell that its checkpoint still stands on this log. It must be the id in the file at
/// the path now — another history moved over it included — or none, never the event this store read there before.
/// </summary>
public sealed class EventIdAtTests : IDisposable
{
    private const string Stream = "relationship-AA~BB";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_id_is_the_recorded_events_and_none_where_the_stream_holds_no_event()
    {
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        Assert.Null((await store.EventAtAsync(Stream, 0))?.EventId); // no file yet
        var first = StoreFiles.Event();
        var second = StoreFiles.Event();
        await store.AppendAsync(Stream, ExpectedRevision.NoStream, [first, second]);

        Assert.Equal(first.EventId, (await store.EventAtAsync(Stream, 0))?.EventId);
        Assert.Equal(second.EventId, (await store.EventAtAsync(Stream, 1))?.EventId);
        Assert.Null((await store.EventAtAsync(Stream, 2))?.EventId);
        Assert.Null((await store.EventAtAsync(Stream, ulong.MaxValue))?.EventId);
        Assert.Null((await store.EventAtAsync("relationship-AA~CC", 0))?.EventId);
        var read = await store.ReadStreamAsync(Stream, ReadDirection.Forwards, 1, 1).SingleAsync();
        Assert.Equal((read.EventId, read.Position), await store.EventAtAsync(Stream, 1));
    }

    [Fact]
    public async Task After_an_older_copy_written_to_since_is_moved_into_place_the_id_is_the_one_in_that_copy()
    {
        await using var store = await StoreFiles.WrittenAsync(_folder.File("l.db"));
        var copy = _folder.File("copy.db");
        await LedgerFiles.CopyAsync(store.Path, copy);
        var ours = StoreFiles.Event();
        await store.AppendAsync(Stream, ExpectedRevision.Exact(0), [ours]);
        Assert.Equal(ours.EventId, (await store.EventAtAsync(Stream, 1))?.EventId); // read through the pool, on the file it holds

        var theirs = StoreFiles.Event();
        await using (var older = await SqliteEventStore.OpenAsync(copy))
            await older.AppendAsync(Stream, ExpectedRevision.Exact(0), [theirs]);
        LedgerFiles.PutInPlace(copy, store.Path);

        Assert.Equal(theirs.EventId, (await store.EventAtAsync(Stream, 1))?.EventId);
        Assert.Null((await store.EventAtAsync(Stream, 2))?.EventId);
    }

    [Fact]
    public async Task A_file_that_is_gone_is_an_unavailable_store_not_an_absent_event()
    {
        await using var store = await StoreFiles.WrittenAsync(_folder.File("l.db"));
        File.Delete(store.Path);
        LedgerFiles.DeleteSidecars(store.Path);

        var gone = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.EventAtAsync(Stream, 0));
        Assert.Equal($"The store file {store.Path} is gone.", gone.Message);
    }
}
