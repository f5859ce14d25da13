using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// The writer connection keeps the file it opened. A store file moved away, deleted, or replaced by another
/// file moved over it (a restore from a backup) while the store is open: an append is refused, never written
/// into a file no one will open again; a later append goes to the file at the path only if it holds this ledger and every
/// position this store has recorded or read (an older copy would give those positions to other events).
/// </summary>
public sealed class MovedFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static EventData Event() => StoreFiles.Event();

    private Task<SqliteEventStore> OpenWrittenAsync(string name) => StoreFiles.WrittenAsync(_folder.File(name));

    [Fact]
    public async Task An_append_after_the_file_was_deleted_is_refused_and_no_new_file_is_made()
    {
        await using var store = await OpenWrittenAsync("l.db");
        File.Delete(store.Path);
        LedgerFiles.DeleteSidecars(store.Path);

        var moved = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [Event()]));
        Assert.StartsWith($"The store file {store.Path} was moved, replaced or deleted while this process had it open: nothing was recorded.", moved.Message);
        var gone = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [Event()]));
        Assert.Equal($"The store file {store.Path} is gone: nothing was recorded.", gone.Message);
        Assert.False(File.Exists(store.Path));
    }

    /// <summary>
    /// Round 62: an open that found the pool empty (cleared on another thread — the live runner's next look — between a
    /// look at the path and the open) opened with leave to create, and made a new, empty file where the deleted store was:
    /// a test of the server saw the file back under load. A store whose file held the ledger now never makes it again.
    /// </summary>
    [Fact]
    public async Task An_open_after_the_file_was_deleted_and_the_pool_emptied_makes_no_new_file()
    {
        await using var store = await OpenWrittenAsync("l.db");
        store.ClearPool();
        File.Delete(store.Path);
        LedgerFiles.DeleteSidecars(store.Path);

        var gone = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await (await store.OpenConnectionAsync(default)).DisposeAsync());
        Assert.Equal($"The store file {store.Path} is gone.", gone.Message);
        Assert.False(File.Exists(store.Path), "an open made a new file where the store was");
    }

    [Fact]
    public async Task An_append_after_another_ledger_was_moved_over_the_file_is_refused_and_that_ledger_is_not_changed()
    {
        string otherPath;
        Guid other;
        await using (var another = await OpenWrittenAsync("other.db"))
            (otherPath, other) = (another.Path, (await another.IdentityAsync())!.LedgerId);
        var before = await StoreFingerprint.OfAsync(otherPath);

        await using var store = await OpenWrittenAsync("l.db");
        var ours = (await store.IdentityAsync())!.LedgerId;
        LedgerFiles.PutInPlace(otherPath, store.Path);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [Event()]));
        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [Event()]));
        Assert.Equal($"{store.Path} now holds another ledger ({other:D}), not this one ({ours:D}): nothing was recorded.", refused.Message);
        Assert.Equal(before, await StoreFingerprint.OfAsync(store.Path));
    }

    [Fact]
    public async Task After_a_copy_of_the_same_ledger_is_moved_into_place_appends_go_into_it()
    {
        await using var store = await OpenWrittenAsync("l.db");
        var copy = _folder.File("copy.db");
        await LedgerFiles.CopyAsync(store.Path, copy);
        LedgerFiles.PutInPlace(copy, store.Path);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [Event()]));
        var result = await store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [Event()]);
        Assert.Equal(1UL, result.NextExpectedRevision);
        Assert.Equal(2L, await LedgerFiles.EventCountAsync(store.Path));
    }

    /// <summary>
    /// Round 54: reads took whatever file had been moved over the store — another ledger's events were read as this ledger's
    /// (a feed page served them as if they followed a consumer's checkpoint). Now a read refuses it as an append does; a copy
    /// of the same ledger is read (<see cref="What_the_store_knew_of_a_streams_end_is_not_trusted_once_a_longer_copy_is_moved_into_place"/>).
    /// </summary>
    [Fact]
    public async Task Reads_after_another_ledger_was_moved_over_the_store_are_refused_and_a_deleted_file_is_gone()
    {
        var (otherPath, other) = await AnotherLedgerAsync();
        await using var store = await OpenWrittenAsync("l.db");
        var ours = (await store.IdentityAsync())!.LedgerId;
        Assert.Single(await store.ReadAllAsync(null, 100, StreamFilter.Relationships).ToListAsync()); // through the pool
        LedgerFiles.PutInPlace(otherPath, store.Path);

        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.ReadAllAsync(null, 100, StreamFilter.Relationships).ToListAsync());
        Assert.True(refused.AnotherLedger);
        Assert.Equal($"{store.Path} now holds another ledger ({other:D}), not this one ({ours:D}).", refused.Message);
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.ReadStreamAsync("relationship-CC~DD", ReadDirection.Forwards, null, 10).ToListAsync());
        Assert.Equal(ours, (await store.IdentityAsync())!.LedgerId);

        File.Delete(store.Path);
        LedgerFiles.DeleteSidecars(store.Path);
        var gone = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.ReadAllAsync(null, 100, StreamFilter.Relationships).ToListAsync());
        Assert.Equal($"The store file {store.Path} is gone.", gone.Message);
        Assert.False(File.Exists(store.Path));
    }

    /// <summary>
    /// Round 54 (StoreOutageLogTests failed so now and then since round 47): a store that made its ledger by its first append
    /// knew which ledger that was only once something asked (a server's read model, after catching up). Another ledger's file
    /// moved over it before then was taken for its own: an append to a new stream went into that ledger, and one to a stream
    /// it had written was refused as "other writers appended … 10 times in a row". Now the ledger is known from its making.
    /// </summary>
    [Fact]
    public async Task A_store_that_made_its_ledger_and_was_never_asked_which_refuses_another_ledger_moved_over_it()
    {
        var (otherPath, other) = await AnotherLedgerAsync();
        var before = await StoreFingerprint.OfAsync(otherPath);
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [Event()]);
        LedgerFiles.PutInPlace(otherPath, store.Path);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("relationship-EE~FF", ExpectedRevision.NoStream, [Event()])); // moved
        for (var i = 0; i < 2; i++)
        {
            var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("relationship-EE~FF", ExpectedRevision.NoStream, [Event()]));
            Assert.True(refused.AnotherLedger, refused.Message);
            Assert.StartsWith($"{store.Path} now holds another ledger ({other:D}), not this one (", refused.Message);
        }
        Assert.Equal(before, await StoreFingerprint.OfAsync(store.Path));
    }

    /// <summary>A store opened on a ledger and only read from, never asked which ledger it is: the ledger it read is its own.</summary>
    [Fact]
    public async Task A_store_that_only_read_its_ledger_refuses_another_ledger_moved_over_it()
    {
        var (otherPath, other) = await AnotherLedgerAsync();
        await (await OpenWrittenAsync("l.db")).DisposeAsync();
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        Assert.Single(await store.ReadAllAsync(null, 100, StreamFilter.Relationships).ToListAsync());
        LedgerFiles.PutInPlace(otherPath, store.Path);

        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.ReadAllAsync(null, 100, StreamFilter.Relationships).ToListAsync());
        Assert.True(refused.AnotherLedger, refused.Message);
        Assert.StartsWith($"{store.Path} now holds another ledger ({other:D})", refused.Message);
        var probe = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ProbeAsync());
        Assert.True(probe.AnotherLedger, probe.Message);
    }

    /// <summary>A SQLite file of something else moved over the store: reads and appends are refused naming it, nothing is written.</summary>
    [Fact]
    public async Task A_file_of_something_else_moved_over_the_store_is_refused_by_reads_and_appends()
    {
        var foreign = _folder.File("foreign.db");
        await using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('not a ledger');";
            await cmd.ExecuteNonQueryAsync();
        }
        var before = await File.ReadAllBytesAsync(foreign);
        await using var store = await OpenWrittenAsync("l.db");
        LedgerFiles.PutInPlace(foreign, store.Path);

        var read = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.ReadAllAsync(null, 100, StreamFilter.Relationships).ToListAsync());
        Assert.Equal($"{store.Path} no longer holds this ledger: it has no ledger table now (another SQLite file, or a store of an earlier version, " +
            "was put in its place).", read.Message);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [Event()])); // moved
        var append = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [Event()]));
        Assert.EndsWith("was put in its place): nothing was recorded.", append.Message);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal(before, await File.ReadAllBytesAsync(store.Path));
    }

    /// <summary>Another ledger's file of two events in relationship-CC~DD, closed: its path and its ledger's id.</summary>
    private async Task<(string Path, Guid Ledger)> AnotherLedgerAsync()
    {
        await using var another = await SqliteEventStore.OpenAsync(_folder.File("other.db"));
        await another.AppendAsync("relationship-CC~DD", ExpectedRevision.NoStream, [Event(), Event()]);
        return (another.Path, (await another.IdentityAsync())!.LedgerId);
    }

    [Fact]
    public async Task What_the_store_knew_of_a_streams_end_is_not_trusted_once_a_longer_copy_is_moved_into_place()
    {
        await using var store = await OpenWrittenAsync("l.db");
        Assert.Empty(await store.ReadStreamAsync("relationship-AA~BB", ReadDirection.Forwards, 1, 10).ToListAsync()); // known: it ends at 0
        var copy = _folder.File("copy.db");
        await LedgerFiles.CopyAsync(store.Path, copy);
        var later = Event();
        await using (var elsewhere = await SqliteEventStore.OpenAsync(copy))
            await elsewhere.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [later]);
        LedgerFiles.PutInPlace(copy, store.Path);

        var read = await store.ReadStreamAsync("relationship-AA~BB", ReadDirection.Forwards, 1, 10).ToListAsync();
        Assert.Equal([later.EventId], read.Select(e => e.EventId));
    }

    [Fact]
    public async Task An_append_after_an_older_copy_was_moved_into_place_is_refused_and_the_copy_is_not_changed()
    {
        await using var store = await OpenWrittenAsync("l.db");
        var copy = _folder.File("copy.db");
        await LedgerFiles.CopyAsync(store.Path, copy); // holds position 1 only
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [Event(), Event()]); // positions 2 and 3
        var before = await StoreFingerprint.OfAsync(copy);
        LedgerFiles.PutInPlace(copy, store.Path);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [Event()]));
        // Positions 2 and 3 were given out for other events: the copy's next append would give them again.
        for (var i = 0; i < 2; i++)
        {
            var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("relationship-EE~FF", ExpectedRevision.NoStream, [Event()]));
            Assert.Equal($"The store file {store.Path} now ends at position 1, before position 3 that this process has recorded or read: " +
                "events were removed from it (an older copy put in its place?). Nothing was recorded; a position is never given to two events. " +
                "Put the file back, or restart the ledger to take the file as it is now.", refused.Message);
        }
        Assert.Equal(before, await StoreFingerprint.OfAsync(store.Path));
    }

    [Fact]
    public async Task Positions_read_from_another_writer_count_too_an_append_after_an_older_copy_is_refused()
    {
        await using var store = await OpenWrittenAsync("l.db");
        var copy = _folder.File("copy.db");
        await LedgerFiles.CopyAsync(store.Path, copy);
        await using (var elsewhere = await SqliteEventStore.OpenAsync(store.Path)) // another process
            await elsewhere.AppendAsync("relationship-CC~DD", ExpectedRevision.NoStream, [Event()]);
        Assert.Equal(2, (await store.ReadAllAsync(null, 10, StreamFilter.Relationships).ToListAsync()).Count); // a feed gave out position 2
        LedgerFiles.PutInPlace(copy, store.Path);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("relationship-EE~FF", ExpectedRevision.NoStream, [Event()])); // moved
        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("relationship-EE~FF", ExpectedRevision.NoStream, [Event()]));
        Assert.StartsWith($"The store file {store.Path} now ends at position 1, before position 2 that this process has recorded or read", refused.Message);
        Assert.Equal(1L, await LedgerFiles.EventCountAsync(store.Path));
    }

    [Fact]
    public async Task The_probe_fails_on_an_older_copy_and_passes_once_the_file_is_put_back()
    {
        await using var store = await OpenWrittenAsync("l.db");
        var older = _folder.File("older.db");
        await LedgerFiles.CopyAsync(store.Path, older);
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [Event()]);
        var current = _folder.File("current.db");
        await LedgerFiles.CopyAsync(store.Path, current);
        LedgerFiles.PutInPlace(older, store.Path);

        var failed = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ProbeAsync());
        Assert.StartsWith($"The store file {store.Path} now ends at position 1, before position 2 that this process has recorded or read", failed.Message);

        File.Move(current, store.Path, overwrite: true);
        await store.ProbeAsync();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(1), [Event()])); // moved: refused once
        var appended = await store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(1), [Event()]);
        Assert.Equal(GlobalPosition.Of(3), appended.Position);
    }
}
