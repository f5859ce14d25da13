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

    /// <summary>
    /// Found in round 45: another database's write-ahead log copied beside the store (a smaller store's, another program's): the
    /// next command's open made SQLite write it into the store, which went from 749,568 bytes to 45,056 and "the file is corrupt",
    /// every event gone. Now each command refuses the store naming the log, and neither file is changed; the log moved away, the
    /// store verifies whole.
    /// </summary>
    [Theory]
    [InlineData("a smaller store", "it would cut the store from ")]
    [InlineData("another program's database", "it rewrites the first page of the store without the mark of a store (its application id).")]
    public async Task A_write_ahead_log_of_another_database_beside_the_store_is_refused_and_neither_is_changed(string whose, string why)
    {
        var imported = await LedgerCli.RunAsync("--store", Store, "import-us-missions", "--file", Path.Combine(SharedData.Folder("us-missions"), "transitions.csv"));
        Assert.True(imported.ExitCode == 0, imported.Error);
        var other = _folder.File("other.db");
        if (whose == "a smaller store") Assert.Equal(0, (await LedgerCli.RunAsync("--store", other, "record", "impose-designation", "--actor", "RU",
            "--counterpart", "taliban", "--list", "L", "--authority", "A", "--on", "2003", "--source", "publisher=P;title=T")).ExitCode);
        await CopyTheLogOfAsync(other, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hello');");
        await AssertRefusedLeavingBothAsync(why, "export");
        var verified = await LedgerCli.RunAsync("--store", Store, "verify");
        Assert.True(verified.ExitCode == 0, verified.Out + verified.Error);
        Assert.Contains("590 event(s)", verified.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found in round 64, fixed in round 65: the write-ahead log of a store made since its file was last folded — a running
    /// server's new store — holds every page of that store, its mark and size among them, so the checks above saw nothing amiss
    /// when it was copied beside a smaller store: <c>verify</c> said OK of the other ledger's events, and the next write folded
    /// them into the store, its own event gone. Now the ledger the log holds is compared with the one the file alone holds.
    /// </summary>
    [Fact]
    public async Task The_write_ahead_log_of_another_ledgers_new_store_is_refused_and_neither_is_changed()
    {
        Assert.Equal(0, (await Designation("own")).ExitCode);
        SqliteConnection.ClearAllPools(); // the store's own log folded into its file and removed
        var other = _folder.File("other.db");
        for (var i = 1; i <= 7; i++)
            Assert.Equal(0, (await LedgerCli.RunAsync("--store", other, "record", "hold-engagement", "--party-a", "ES", "--party-b", "IT",
                "--kind", "talks", "--title", $"t{i}", "--on", $"2020-0{i}", "--source", "publisher=P;title=T")).ExitCode);
        // VACUUM writes every page of the other store into its log, as a new store's log holds them while its server runs (the round-64 case).
        await CopyTheLogOfAsync(other, "PRAGMA wal_autocheckpoint = 0; VACUUM;");
        Assert.True(new FileInfo(Store + "-wal").Length > new FileInfo(Store).Length, "the other store's log holds it whole");
        await AssertRefusedLeavingBothAsync("it holds the pages of another ledger (", "history", "ES", "IT");
        File.Delete(Store + "-shm");
        var verified = await LedgerCli.RunAsync("--store", Store, "verify");
        Assert.True(verified.ExitCode == 0, verified.Out + verified.Error);
        Assert.Contains("1 event(s)", verified.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found in round 67: a backup put back in the store's place with the store's own log left beside it, the log holding only what was
    /// written since the store's last checkpoint (the store was longer then than the backup). It keeps the store's mark, grows the
    /// store and holds another ledger's nothing: the checks above passed it, SQLite read the pages between the backup's end and the
    /// log's as zeros, and a read-only <c>verify</c> answered "the file is corrupt" after folding the log into the backup (106,496
    /// bytes became a damaged 208,896). Now the log is refused for needing pages that are in neither file, and neither is changed.
    /// </summary>
    [Fact]
    public async Task An_older_stores_log_left_beside_a_backup_put_in_its_place_is_refused_and_neither_is_changed()
    {
        Assert.Equal(0, (await Designation("own")).ExitCode);
        SqliteConnection.ClearAllPools(); // the log folded into the file: the backup is the file alone
        var backup = _folder.File("backup.db");
        File.Copy(Store, backup);
        await RecordStatementsAsync("folded");
        SqliteConnection.ClearAllPools(); // the store's last checkpoint: its file is the longer one now
        await using (var holder = new SqliteConnection($"Data Source={Store};Pooling=False"))
        {
            await holder.OpenAsync(); // open, so the command's close is not the last and its log stays, as a killed server leaves it
            await using (var read = holder.CreateCommand())
            {
                read.CommandText = "SELECT COUNT(*) FROM events";
                await read.ExecuteScalarAsync();
            }
            await RecordStatementsAsync("in the log");
            SqliteConnection.ClearAllPools();
            File.Copy(Store + "-wal", _folder.File("left.wal"));
        }
        File.Copy(backup, Store, overwrite: true); // the backup put back; the store's log is left beside it
        File.Copy(_folder.File("left.wal"), Store + "-wal", overwrite: true);
        File.Delete(Store + "-shm");

        await AssertRefusedLeavingBothAsync("it makes the store ", "history", "RU", "AF");
        var verified = await LedgerCli.RunAsync("--store", Store, "verify");
        Assert.True(verified.ExitCode == 0, verified.Out + verified.Error);
        Assert.Contains("1 event(s)", verified.Out, StringComparison.Ordinal);
    }

    /// <summary>Twenty statements of ~2 KB in one batch: new pages for the store.</summary>
    private async Task RecordStatementsAsync(string summary)
    {
        var file = _folder.File($"{summary}.ndjson");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, 20).Select(i => System.Text.Json.JsonSerializer.Serialize(new
        {
            command = "make-statement", actor = "RU", counterpart = "AF", speaker = "S", stance = "neutral", summary = $"{summary} {i} {new string('x', 1900)}",
            effectiveDate = "2024-08", sources = new[] { new { publisher = "P", title = "T" } }, recordedBy = "analyst",
        })));
        var run = await LedgerCli.RunAsync("--store", Store, "record-batch", file);
        Assert.True(run.ExitCode == 0, run.Error);
    }

    /// <summary>Writes into <paramref name="other"/> through a connection of its own and copies its log beside the store while that
    /// connection is open: nothing folds the log in before (its last connection would, on closing).</summary>
    private async Task CopyTheLogOfAsync(string other, string sql)
    {
        SqliteConnection.ClearAllPools();
        await using var writer = new SqliteConnection($"Data Source={other};Pooling=False");
        await writer.OpenAsync();
        await using var cmd = writer.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
        File.Copy(other + "-wal", Store + "-wal");
    }

    /// <summary>
    /// <c>verify</c>, <c>record</c> and the command <paramref name="other"/> refuse the store naming its log (<paramref name="why"/>),
    /// neither file changed by any of them; then the log is moved away.
    /// </summary>
    private async Task AssertRefusedLeavingBothAsync(string why, params string[] other)
    {
        var (store, log) = (await File.ReadAllBytesAsync(Store), await File.ReadAllBytesAsync(Store + "-wal"));
        foreach (var run in new[] { await LedgerCli.RunAsync("--store", Store, "verify"), await Designation("after"), await LedgerCli.RunAsync(["--store", Store, .. other]) })
        {
            Assert.True(run.ExitCode == 4, $"exit {run.ExitCode}: {run.Out}{run.Error}");
            Assert.Contains($"Cannot open the store {Store}: its write-ahead log ledger.db-wal beside it does not belong to it: {why}", run.Error, StringComparison.Ordinal);
            Assert.Contains("Opening the store would make SQLite write that log into it, so neither was opened or changed", run.Error, StringComparison.Ordinal);
            Assert.Equal(store, await File.ReadAllBytesAsync(Store));
            Assert.Equal(log, await File.ReadAllBytesAsync(Store + "-wal"));
        }
        File.Move(Store + "-wal", _folder.File("foreign-wal"));
    }
}
