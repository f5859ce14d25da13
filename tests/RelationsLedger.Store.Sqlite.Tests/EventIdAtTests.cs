using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// The id of the event at a stream's revision, read alone (<see cref="IReadsEventIds"/>): what a read model's catch-up
/// compares before every question to tell that its checkpoint still stands on this log. It must be the id in the file at
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
        Assert.Null(await store.EventIdAtAsync(Stream, 0)); // no file yet
        var first = StoreFiles.Event();
        var second = StoreFiles.Event();
        await store.AppendAsync(Stream, ExpectedRevision.NoStream, [first, second]);

        Assert.Equal(first.EventId, await store.EventIdAtAsync(Stream, 0));
        Assert.Equal(second.EventId, await store.EventIdAtAsync(Stream, 1));
        Assert.Null(await store.EventIdAtAsync(Stream, 2));
        Assert.Null(await store.EventIdAtAsync(Stream, ulong.MaxValue));
        Assert.Null(await store.EventIdAtAsync("relationship-AA~CC", 0));
        var read = await store.ReadStreamAsync(Stream, ReadDirection.Forwards, 1, 1).SingleAsync();
        Assert.Equal(read.EventId, await store.EventIdAtAsync(Stream, 1));
    }

    [Fact]
    public async Task After_an_older_copy_written_to_since_is_moved_into_place_the_id_is_the_one_in_that_copy()
    {
        await using var store = await StoreFiles.WrittenAsync(_folder.File("l.db"));
        var copy = _folder.File("copy.db");
        await LedgerFiles.CopyAsync(store.Path, copy);
        var ours = StoreFiles.Event();
        await store.AppendAsync(Stream, ExpectedRevision.Exact(0), [ours]);
        Assert.Equal(ours.EventId, await store.EventIdAtAsync(Stream, 1)); // read through the pool, on the file it holds

        var theirs = StoreFiles.Event();
        await using (var older = await SqliteEventStore.OpenAsync(copy))
            await older.AppendAsync(Stream, ExpectedRevision.Exact(0), [theirs]);
        LedgerFiles.PutInPlace(copy, store.Path);

        Assert.Equal(theirs.EventId, await store.EventIdAtAsync(Stream, 1));
        Assert.Null(await store.EventIdAtAsync(Stream, 2));
    }

    [Fact]
    public async Task A_file_that_is_gone_is_an_unavailable_store_not_an_absent_event()
    {
        await using var store = await StoreFiles.WrittenAsync(_folder.File("l.db"));
        File.Delete(store.Path);
        LedgerFiles.DeleteSidecars(store.Path);

        var gone = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.EventIdAtAsync(Stream, 0));
        Assert.Equal($"The store file {store.Path} is gone.", gone.Message);
    }
}
