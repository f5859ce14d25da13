using Microsoft.Data.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// The auditor's and the recorder's view of a store file emptied (truncated to 0 bytes) beside its write-ahead log. Before,
/// <c>ledger verify</c> said "nothing was ever recorded there", and the next <c>ledger record</c> took the file for a new store:
/// SQLite deleted the log as it opened the file, with every event in it, and <c>verify</c> then said OK of a new ledger of one event.
/// </summary>
public sealed class EmptiedStoreFileTests : IDisposable
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
}
