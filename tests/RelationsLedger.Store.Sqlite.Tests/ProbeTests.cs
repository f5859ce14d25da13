using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// The readiness probe reads the file as it is on disk, whatever the store's pooled connections hold: each
/// test first reads through the pool, so that a probe answering from cached pages would pass.
/// </summary>
public sealed class ProbeTests : IDisposable
{
    private const string Garbage = "this is not a SQLite database, it is garbage that fills the header and then some more";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A store with one event, read through the pool (head and identity known), that passes the probe.</summary>
    private async Task<SqliteEventStore> WrittenAndReadAsync(string name)
    {
        var store = await StoreFiles.WrittenAsync(_folder.File(name));
        await store.ProbeAsync();
        return store;
    }

    private static void Replace(string path, Action write)
    {
        LedgerFiles.DeleteSidecars(path);
        write();
    }

    [Fact]
    public async Task A_store_nothing_was_written_to_passes_and_no_file_is_made()
    {
        var path = _folder.File("new.db");
        await using var store = await SqliteEventStore.OpenAsync(path);
        await store.ProbeAsync();
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_ledger_another_writer_created_after_the_store_was_opened_passes()
    {
        var path = _folder.File("theirs.db");
        await using var ours = await SqliteEventStore.OpenAsync(path);
        await using (var theirs = await SqliteEventStore.OpenAsync(path))
            await theirs.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [StoreFiles.Event()]);
        await ours.ProbeAsync();
    }

    [Fact]
    public async Task A_file_overwritten_with_garbage_fails_though_the_pool_still_answers_from_its_cache()
    {
        await using var store = await WrittenAndReadAsync("l.db");
        Replace(store.Path, () => File.WriteAllText(store.Path, Garbage));

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ProbeAsync());
        Assert.Equal($"{store.Path} is not a RelationsLedger store now: it is not a SQLite database.", e.Message);
    }

    [Fact]
    public async Task A_file_deleted_or_emptied_after_the_ledger_was_written_fails()
    {
        await using var deleted = await WrittenAndReadAsync("deleted.db");
        Replace(deleted.Path, () => File.Delete(deleted.Path));
        var gone = await Assert.ThrowsAsync<StoreUnavailableException>(() => deleted.ProbeAsync());
        Assert.Equal($"The store file {deleted.Path} is gone or empty: this ledger was in it.", gone.Message);

        await using var emptied = await WrittenAndReadAsync("emptied.db");
        Replace(emptied.Path, () => File.WriteAllBytes(emptied.Path, []));
        var empty = await Assert.ThrowsAsync<StoreUnavailableException>(() => emptied.ProbeAsync());
        Assert.Equal($"The store file {emptied.Path} is gone or empty: this ledger was in it.", empty.Message);
    }

    [Fact]
    public async Task A_file_replaced_by_another_ledger_fails_and_names_both_ledgers()
    {
        var otherPath = _folder.File("other.db");
        LedgerIdentity other;
        await using (var another = await WrittenAndReadAsync("other.db"))
            other = (await another.IdentityAsync())!;

        await using var store = await WrittenAndReadAsync("l.db");
        var ours = (await store.IdentityAsync())!;
        Assert.NotEqual(ours.LedgerId, other.LedgerId);
        // Moved over it, as tools replace a file: a new file under the old name.
        Replace(store.Path, () => File.Move(otherPath, store.Path, overwrite: true));

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ProbeAsync());
        Assert.Equal($"{store.Path} now holds another ledger ({other.LedgerId:D}), not this one ({ours.LedgerId:D}).", e.Message);
    }

    [Fact]
    public async Task Another_ledger_written_over_the_file_in_place_fails()
    {
        var otherPath = _folder.File("other.db");
        await using (var _ = await WrittenAndReadAsync("other.db")) { }

        await using var store = await WrittenAndReadAsync("l.db");
        // The same file rewritten with another ledger's bytes (in WAL mode, as every store is) under the
        // store's open connections: SQLite cannot read it through them, and says so.
        Replace(store.Path, () => File.WriteAllBytes(store.Path, File.ReadAllBytes(otherPath)));

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ProbeAsync());
        Assert.StartsWith($"Cannot read the store {store.Path}: ", e.Message);
    }

    [Fact]
    public async Task The_same_ledger_put_back_from_a_copy_passes()
    {
        await using var store = await WrittenAndReadAsync("l.db");
        var copy = _folder.File("copy.db");
        await LedgerFiles.CopyAsync(store.Path, copy);
        Replace(store.Path, () => File.WriteAllBytes(store.Path, File.ReadAllBytes(copy)));
        await store.ProbeAsync();
    }

    [Fact]
    public async Task A_file_replaced_by_another_applications_database_fails_and_says_so()
    {
        await using var store = await WrittenAndReadAsync("l.db");
        var foreign = _folder.File("foreign.db");
        await LedgerFiles.ExecuteAsync(foreign, "PRAGMA application_id = 1234; CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('x');");
        Replace(store.Path, () => File.WriteAllBytes(store.Path, File.ReadAllBytes(foreign)));

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ProbeAsync());
        Assert.Equal($"{store.Path} is not a RelationsLedger store now: it is the SQLite database of another application (application id 0x000004d2).", e.Message);
    }
}
