using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// The store file says the latest format of the events it holds (<c>PRAGMA user_version</c>): made at 1, raised to 2 by the
/// first event whose envelope carries <c>recordedThrough</c>, in its transaction. Before, every file said 1, and a build from
/// before that field (2026-12-02) opened a file written by <c>ledger serve</c> and called its events altered: verify
/// "TAMPERED … its envelope cannot be read: … recordedThrough …", exit 5, no digest, history "This is a bug".
/// </summary>
public sealed class FormatVersionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_store_stays_at_the_first_format_until_an_event_of_a_later_one_is_written_and_then_says_it()
    {
        await using var store = StoreVersions.MakeAt(await SqliteEventStore.OpenAsync(_folder.File("l.db")), StoreVersions.Text);
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [StoreFiles.Event()]);
        Assert.Equal(EventData.FirstFormat, await LedgerFiles.UserVersionAsync(store.Path));

        // Refused appends write nothing, and so say nothing of their format.
        var later = StoreFiles.Event() with { FormatVersion = EventData.RecordedThroughFormat };
        await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [later]));
        await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => store.AppendManyAsync(
            [new("relationship-CC~DD", ExpectedRevision.NoStream, [later]), new("relationship-AA~BB", ExpectedRevision.NoStream, [StoreFiles.Event()])]));
        Assert.Equal(EventData.FirstFormat, await LedgerFiles.UserVersionAsync(store.Path));

        await store.AppendAsync("relationship-CC~DD", ExpectedRevision.NoStream, [StoreFiles.Event(), later]);
        Assert.Equal(EventData.RecordedThroughFormat, await LedgerFiles.UserVersionAsync(store.Path));
        await store.AppendAsync("relationship-CC~DD", ExpectedRevision.Any, [StoreFiles.Event()]); // never lowered
        Assert.Equal(EventData.RecordedThroughFormat, await LedgerFiles.UserVersionAsync(store.Path));
    }

    [Fact]
    public async Task A_store_raised_to_the_later_format_keeps_it_when_another_process_opens_and_writes_it()
    {
        var path = _folder.File("l.db");
        await using (var first = StoreVersions.MakeAt(await SqliteEventStore.OpenAsync(path), StoreVersions.Text))
            await first.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [StoreFiles.Event() with { FormatVersion = EventData.RecordedThroughFormat }]);
        SqliteConnection.ClearAllPools();

        await using var second = await SqliteEventStore.OpenAsync(path);
        await second.AppendAsync("relationship-AA~BB", ExpectedRevision.Any, [StoreFiles.Event()]);
        Assert.Equal(EventData.RecordedThroughFormat, await LedgerFiles.UserVersionAsync(path));
        Assert.Equal(2, await second.ReadAllAsync(null, long.MaxValue, StreamFilter.All).CountAsync());
    }

    /// <summary>
    /// The writer keeps the file's version once it has read or raised it, and reads it again only when another connection has
    /// committed since (round 41: a served command's group commit read it every time). What another process sets is seen.
    /// </summary>
    [Fact]
    public async Task A_version_another_process_changes_under_an_open_store_is_seen_at_its_next_write()
    {
        await using var store = StoreVersions.MakeAt(await SqliteEventStore.OpenAsync(_folder.File("l.db")), StoreVersions.Text);
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [Later()]);
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.Any, [Later()]); // kept: not read again
        Assert.Equal(EventData.RecordedThroughFormat, await LedgerFiles.UserVersionAsync(store.Path));

        // A later build's process raised it to a format this one does not know: this writer does not lower it.
        await LedgerFiles.ExecuteAsync(store.Path, "PRAGMA user_version = 3");
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.Any, [Later()]);
        Assert.Equal(3, await LedgerFiles.UserVersionAsync(store.Path));

        // Another process set it back to the first format: the next event of the later one raises it again, though this writer
        // had raised it before.
        await LedgerFiles.ExecuteAsync(store.Path, "PRAGMA user_version = 1");
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.Any, [Later()]);
        Assert.Equal(EventData.RecordedThroughFormat, await LedgerFiles.UserVersionAsync(store.Path));
        Assert.Equal(4, await store.ReadAllAsync(null, long.MaxValue, StreamFilter.All).CountAsync());

        static EventData Later() => StoreFiles.Event() with { FormatVersion = EventData.RecordedThroughFormat };
    }

    [Fact]
    public async Task A_store_of_a_format_this_build_does_not_know_is_refused_naming_both_versions()
    {
        var path = _folder.File("l.db");
        await (await StoreFiles.WrittenAsync(path)).DisposeAsync();
        SqliteConnection.ClearAllPools();
        await LedgerFiles.ExecuteAsync(path, "PRAGMA user_version = 5"); // 3 and 4 are the compact layout (StoreUpgradeTests)

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => SqliteEventStore.OpenAsync(path));
        Assert.Equal($"{path} is not a RelationsLedger store: it is a RelationsLedger store of a later version (schema 5; this ledger reads up to 4): " +
            "use a newer ledger. It was not changed; name another file with --store (or RELATIONSLEDGER_STORE).", e.Message);
        Assert.Equal(5, await LedgerFiles.UserVersionAsync(path));
    }
}
