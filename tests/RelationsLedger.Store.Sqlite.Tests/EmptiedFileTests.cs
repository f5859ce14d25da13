using System.Globalization;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// A store file emptied in place (truncated to 0 bytes) while its write-ahead log is beside it, holding the commits since the
/// last checkpoint. SQLite never leaves a log beside an empty file, and deletes such a log when it opens the file: before, the
/// store was taken for a new one, its first append deleted the log with every event in it, and a new ledger verified OK in
/// its place; a store that had the file open went on recording into that log.
/// </summary>
public sealed class EmptiedFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_store_file_emptied_beside_its_log_is_neither_opened_nor_written_and_the_log_is_kept()
    {
        await using var open = await StoreFiles.WrittenAsync(_folder.File("l.db")); // its connections keep the log beside the file
        var wal = open.Path + "-wal";
        Assert.True(new FileInfo(wal).Length > 0, "the written store has no write-ahead log beside it");
        await using (var truncate = new FileStream(open.Path, FileMode.Open, FileAccess.Write)) truncate.SetLength(0);
        var log = await File.ReadAllBytesAsync(wal);

        var opened = await Assert.ThrowsAsync<StoreUnavailableException>(() => SqliteEventStore.OpenAsync(open.Path));
        Assert.Equal($"Cannot open the store {open.Path}: the file is empty (0 bytes), yet its write-ahead log l.db-wal beside it holds " +
            $"{log.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes: the store file was emptied (truncated), and the log holds the ledger's last commits, or all of them. " +
            "Opening the file would make SQLite delete that log, so neither was opened or changed: put the store file back from a backup " +
            "beside its log, or keep both and name another file with --store (or RELATIONSLEDGER_STORE).", opened.Message);

        for (var i = 0; i < 2; i++)
        {
            var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => open.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [StoreFiles.Event()]));
            Assert.StartsWith($"The store file {open.Path} was emptied (it is 0 bytes now) while this process had it open: nothing was recorded", refused.Message);
        }
        Assert.Equal(log, await File.ReadAllBytesAsync(wal));
        Assert.Equal(0, new FileInfo(open.Path).Length);
    }


    [Fact]
    public async Task A_store_whose_file_is_emptied_under_it_reads_nothing_through_a_new_handle_and_keeps_the_log_when_closed()
    {
        var open = await StoreFiles.WrittenAsync(_folder.File("l.db"));
        var wal = open.Path + "-wal";
        await using (var truncate = new FileStream(open.Path, FileMode.Open, FileAccess.Write)) truncate.SetLength(0);
        var log = await File.ReadAllBytesAsync(wal);
        open.ClearPool(); // the next read opens a new handle, as a served store does when its pool grows

        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(async () =>
        {
            await foreach (var _ in open.ReadAllAsync(null, 100, StreamFilter.All)) { }
        });
        Assert.StartsWith($"Cannot open the store {open.Path}: the file is empty (0 bytes), yet its write-ahead log l.db-wal beside it holds", refused.Message);
        Assert.Equal(log, await File.ReadAllBytesAsync(wal));

        await open.DisposeAsync(); // the last connection closed: SQLite would fold the log into the empty file and delete it
        Assert.Equal(log, await File.ReadAllBytesAsync(wal));
        Assert.Equal(0, new FileInfo(open.Path).Length);
    }
}
