using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// The auditor's and the recorder's view of a store file cut short. Emptied (truncated to 0 bytes) beside its write-ahead log:
/// before, <c>ledger verify</c> said "nothing was ever recorded there", and the next <c>ledger record</c> took the file for a new
/// store: SQLite deleted the log as it opened the file, with every event in it, and <c>verify</c> then said OK of a new ledger of
/// one event. Cut by some pages: before, it was "not a RelationsLedger store: it is a corrupt SQLite database".
/// </summary>
public sealed class DamagedStoreFileTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public void Dispose() => _folder.Dispose();

    private Task<CliResult> Designation(string list) => LedgerCli.RunAsync("--store", Store, "record", "impose-designation", "--actor", "RU",
        "--counterpart", "taliban", "--list", list, "--authority", "A", "--on", "2003", "--source", "publisher=P;title=T");

    [Fact]
    public async Task Verify_and_record_name_a_store_file_emptied_beside_its_log_and_leave_the_log_as_it_was()
    {
        Assert.Equal(0, (await Designation("first")).ExitCode);
        // Another process (a running ledger serve) has the store open: the next commit stays in the log beside the file.
        await using var other = new SqliteConnection($"Data Source={Store};Pooling=False");
        await other.OpenAsync();
        await using (var read = other.CreateCommand())
        {
            read.CommandText = "SELECT COUNT(*) FROM events";
            Assert.Equal(1L, await read.ExecuteScalarAsync());
        }
        Assert.Equal(0, (await Designation("second")).ExitCode);
        await using (var truncate = new FileStream(Store, FileMode.Open, FileAccess.Write)) truncate.SetLength(0);
        var log = await File.ReadAllBytesAsync(Store + "-wal");
        Assert.NotEmpty(log);

        var verify = await LedgerCli.RunAsync("--store", Store, "verify");
        var record = await Designation("third");

        foreach (var run in new[] { verify, record })
        {
            Assert.Equal(4, run.ExitCode);
            Assert.Contains($"Cannot open the store {Store}: the file is empty (0 bytes), yet its write-ahead log ledger.db-wal beside it holds", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("nothing was ever recorded", run.Error, StringComparison.Ordinal);
        }
        Assert.Equal(log, await File.ReadAllBytesAsync(Store + "-wal"));
        Assert.Equal(0, new FileInfo(Store).Length);
    }

    [Fact]
    public async Task A_store_file_cut_short_is_named_as_the_ledgers_store_cut_short_and_left_as_it_was()
    {
        for (var i = 0; i < 40; i++) Assert.Equal(0, (await Designation($"list {i} {new string('x', 180)}")).ExitCode);
        var length = new FileInfo(Store).Length;
        Assert.True(length >= 4 * 4096, $"the store is only {length} bytes");
        await using (var truncate = new FileStream(Store, FileMode.Open, FileAccess.Write)) truncate.SetLength(length - 4096);
        var cut = await File.ReadAllBytesAsync(Store);

        var verify = await LedgerCli.RunAsync("--store", Store, "verify");
        var record = await Designation("after the cut");

        foreach (var run in new[] { verify, record })
        {
            Assert.Equal(4, run.ExitCode);
            Assert.Contains($"Cannot open the store {Store}: it is a RelationsLedger store (its header carries the store's mark) that SQLite finds damaged: " +
                $"it holds {(length - 4096).ToString("N0", CultureInfo.InvariantCulture)} bytes, and its header counts {length / 4096} pages of 4096 bytes ({length.ToString("N0", CultureInfo.InvariantCulture)}): the file was cut short (truncated). " +
                "It was not changed; put it back from a backup, and verify that.", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("not a RelationsLedger store", run.Error, StringComparison.Ordinal);
        }
        Assert.Equal(cut, await File.ReadAllBytesAsync(Store));
    }
}
