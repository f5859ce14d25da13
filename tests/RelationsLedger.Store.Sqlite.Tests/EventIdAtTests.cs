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

    /// <summary>
    /// The catch-up's two reads in one (<see cref="IReadsEventIds.EventAtAndAnyAfterAsync"/>): the event at the revision as
    /// <see cref="SqliteEventStore.EventAtAsync"/> reads it, and whether <see cref="SqliteEventStore.ReadAllAsync"/> after the
    /// position with the same filter would read anything — compared on the same file, every case of both.
    /// </summary>
    [Fact]
    public async Task The_event_and_what_follows_it_read_at_once_are_what_the_two_reads_give()
    {
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        var first = GlobalPosition.Of(1);
        var none = await store.EventAtAndAnyAfterAsync(Stream, 0, first, StreamFilter.Relationships); // no file yet
        Assert.Null(none.At);
        Assert.False(none.AnyAfter);
        await store.AppendAsync(Stream, ExpectedRevision.NoStream, [StoreFiles.Event()]);
        await AssertAsTheTwoReadsAsync(store);
        await store.AppendAsync("other-AA", ExpectedRevision.NoStream, [StoreFiles.Event()]); // after it, of another prefix
        await AssertAsTheTwoReadsAsync(store);
        await store.AppendAsync(Stream, ExpectedRevision.Exact(0), [StoreFiles.Event()]);
        await AssertAsTheTwoReadsAsync(store);
    }

    [Fact]
    public async Task Read_at_once_after_another_connection_wrote_or_an_older_copy_was_moved_into_place_it_is_the_file_at_the_path_now()
    {
        await using var store = await StoreFiles.WrittenAsync(_folder.File("l.db"));
        var copy = _folder.File("copy.db");
        await LedgerFiles.CopyAsync(store.Path, copy);
        var at = (await store.EventAtAsync(Stream, 0))!.Value;
        Assert.False((await store.EventAtAndAnyAfterAsync(Stream, 0, at.Position, StreamFilter.Relationships)).AnyAfter);

        // Another process's append (its own connection), then the same file moved away and an older copy written to since moved over it.
        await LedgerFiles.ExecuteAsync(store.Path, $"INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at) " +
            $"SELECT '{Guid.NewGuid():D}', stream, 1, type, data, metadata, recorded_at FROM events WHERE stream = '{Stream}' AND revision = 0");
        Assert.True((await store.EventAtAndAnyAfterAsync(Stream, 0, at.Position, StreamFilter.Relationships)).AnyAfter);
        var theirs = StoreFiles.Event();
        await using (var older = await SqliteEventStore.OpenAsync(copy))
        {
            await older.AppendAsync(Stream, ExpectedRevision.Exact(0), [theirs]);
            await older.AppendAsync(Stream, ExpectedRevision.Exact(1), [StoreFiles.Event()]);
        }
        LedgerFiles.PutInPlace(copy, store.Path);
        var read = await store.EventAtAndAnyAfterAsync(Stream, 1, at.Position, StreamFilter.Relationships);
        Assert.Equal(theirs.EventId, read.At?.EventId);
        Assert.True(read.AnyAfter);

        File.Delete(store.Path);
        LedgerFiles.DeleteSidecars(store.Path);
        var gone = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.EventAtAndAnyAfterAsync(Stream, 0, at.Position, StreamFilter.Relationships));
        Assert.Equal($"The store file {store.Path} is gone.", gone.Message);
    }

    /// <summary>Each revision and position of the file (and one past each), both ways, with the read model's filter and with none.</summary>
    private static async Task AssertAsTheTwoReadsAsync(SqliteEventStore store)
    {
        var head = (await store.HeadAsync())!.Value.Commit;
        foreach (var filter in new[] { StreamFilter.Relationships, StreamFilter.All })
            for (ulong revision = 0; revision <= 2; revision++)
                for (ulong position = 0; position <= head + 1; position++)
                {
                    var after = GlobalPosition.Of(position);
                    var (at, anyAfter) = await store.EventAtAndAnyAfterAsync(Stream, revision, after, filter);
                    Assert.Equal(await store.EventAtAsync(Stream, revision), at);
                    Assert.Equal(await store.ReadAllAsync(after, 1, filter).AnyAsync(), anyAfter);
                }
        Assert.Null((await store.EventAtAndAnyAfterAsync(Stream, ulong.MaxValue, GlobalPosition.Of(1), StreamFilter.Relationships)).At);
    }
}
