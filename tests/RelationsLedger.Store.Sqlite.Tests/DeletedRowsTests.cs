using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// The embedded store gives out every position once and in order, and an append that is refused or fails gives back what
/// it took with its transaction: so a position that holds no event is a row deleted from the file. Before, deleting the last
/// event of a stream, or a whole stream, left every chain intact and <c>verify</c> said OK; only a digest taken earlier showed it.
/// </summary>
public sealed class DeletedRowsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Refused_failed_and_repeated_appends_take_no_position_so_the_log_shows_no_gap()
    {
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        EventData[] pair = [StoreFiles.Event(), StoreFiles.Event()];
        var first = pair[0];
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, pair);

        await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [StoreFiles.Event()]));
        await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => store.AppendManyAsync(
            [new("relationship-CC~DD", ExpectedRevision.NoStream, [StoreFiles.Event()]), new("relationship-AA~BB", ExpectedRevision.NoStream, [StoreFiles.Event()])]));
        await Assert.ThrowsAsync<DuplicateEventException>(() => store.AppendAsync("relationship-EE~FF", ExpectedRevision.NoStream, [StoreFiles.Event(), first]));
        Assert.True((await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, pair)).Repeated);

        // Many callers at once, so that the group writer writes them together and undoes each refused one in its savepoint.
        var callers = Enumerable.Range(0, 24).Select(async i =>
        {
            try
            {
                await store.AppendAsync($"relationship-G{i % 6}~H", i % 2 == 0 ? ExpectedRevision.Any : ExpectedRevision.Exact(99), [StoreFiles.Event(), StoreFiles.Event()]);
            }
            catch (WrongExpectedRevisionException)
            {
            }
        });
        await Task.WhenAll(callers);
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.Any, [StoreFiles.Event()]);

        var positions = await store.ReadAllAsync(null, long.MaxValue, StreamFilter.All).Select(e => (long)e.Position.Commit).ToListAsync();
        Assert.Equal(Enumerable.Range(1, positions.Count).Select(p => (long)p), positions);
        Assert.Empty(await store.HiddenStreamsAsync().ToListAsync());
    }

    [Fact]
    public async Task Rows_deleted_from_the_file_are_named_by_the_positions_they_leave_empty()
    {
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        for (var i = 0; i < 7; i++) await store.AppendAsync("relationship-AA~BB", ExpectedRevision.Any, [StoreFiles.Event()]);
        Assert.Empty(await store.HiddenStreamsAsync().ToListAsync());

        await DeleteAsync(store.Path, "DELETE FROM events WHERE position IN (1, 3, 4, 6, 7)");
        var named = await store.HiddenStreamsAsync().ToListAsync();

        Assert.All(named, h => Assert.Equal((HiddenStream.GlobalLog, null), (h.Stream, h.Position)));
        Assert.Equal([
            "position 1 of the global log holds no event, though the store gives out every position once and in order and takes none back " +
                "(a refused or failed append takes none): 1 event(s) were deleted from the store file there",
            "positions 3–4 of the global log hold no event, though the store gives out every position once and in order and takes none back " +
                "(a refused or failed append takes none): 2 event(s) were deleted from the store file there",
            "positions 6–7 of the global log hold no event, though the store gave them out (its counter, sqlite_sequence, is at 7): " +
                "the log's last 2 event(s) were deleted from the store file",
        ], named.Select(h => h.How));
    }

    [Fact]
    public async Task A_log_whose_every_row_was_deleted_is_named_from_its_first_position_to_the_counter()
    {
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [StoreFiles.Event(), StoreFiles.Event()]);
        await DeleteAsync(store.Path, "DELETE FROM events");
        var named = Assert.Single(await store.HiddenStreamsAsync().ToListAsync());
        Assert.StartsWith("positions 1–2 of the global log hold no event, though the store gave them out (its counter, sqlite_sequence, is at 2)", named.How);
    }

    [Fact]
    public async Task The_logs_one_last_event_deleted_is_named_by_its_position_and_the_counter()
    {
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [StoreFiles.Event()]);
        await store.AppendAsync("relationship-CC~DD", ExpectedRevision.NoStream, [StoreFiles.Event()]);
        await DeleteAsync(store.Path, "DELETE FROM events WHERE stream = 'relationship-CC~DD'");
        Assert.Equal("position 2 of the global log holds no event, though the store gave it out (its counter, sqlite_sequence, is at 2): " +
            "the log's last 1 event(s) were deleted from the store file", Assert.Single(await store.HiddenStreamsAsync().ToListAsync()).How);
    }

    private static async Task DeleteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(await command.ExecuteNonQueryAsync() > 0);
    }
}
