using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// An auditor reads a ledger where it is archived: a file system mounted read-only (a real tmpfs remounted
/// <c>ro</c>, <see cref="SmallDisk"/>), where SQLite cannot create the shared-memory file a WAL-mode store needs.
/// Everything that only reads the log works there; writing is refused, naming the read-only file system; and a copy
/// whose last commits are in a write-ahead log SQLite cannot read there is refused rather than read short.
/// </summary>
public sealed class ReadOnlyMediumTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Task<CliResult> Ledger(string store, params string[] args) => LedgerCli.RunProcessAsync(_folder.Path, ["--store", store, .. args]);

    private Task<CliResult> Engagement(string store, string title) => Ledger(store,
        "record", "hold-engagement", "--party-a", "FR", "--party-b", "DE", "--kind", "talks", "--title", title, "--on", "2020-05", "--source", "publisher=AFP;title=Talks");

    [SkippableFact]
    public async Task A_ledger_on_a_read_only_file_system_verifies_exports_and_replays_and_refuses_only_writes()
    {
        SmallDisk.Require();
        using var disk = new SmallDisk(2048);
        var folder = Directory.CreateDirectory(disk.File("archive #1 ?% 2026")).FullName; // a URI would misread '#', '?' and '%' unescaped
        var store = Path.Combine(folder, "ledger.db");
        foreach (var title in new[] { "A", "B", "C" }) Assert.Equal(0, (await Engagement(store, title)).ExitCode);
        var digest = (await Ledger(store, "digest")).Out.Split('\n')[0].Trim();
        File.Delete(Path.Combine(folder, "ledger.projections.db")); // none made yet by these commands; an archive has only the log
        disk.MakeReadOnly();
        Assert.False(File.Exists(store + "-shm"));

        var verify = await Ledger(store, "verify", "--json");
        Assert.True(verify.ExitCode == 0, verify.Error); // before: "Cannot open the store …: the file cannot be opened (permissions?)"
        Assert.Equal(3, JsonNode.Parse(verify.Out)!["events"]!.GetValue<long>());
        Assert.Equal(0, (await Ledger(store, "verify", "--digest", digest)).ExitCode);
        var export = await Ledger(store, "export");
        Assert.Equal(3, ExportText.EventLines(export.Out).Count);
        var history = await Ledger(store, "history", "FR", "DE", "--json");
        Assert.True(history.ExitCode == 0, history.Error);
        Assert.Equal(0, (await Ledger(store, "audit", "FR", "DE")).ExitCode);

        var record = await Engagement(store, "D");
        Assert.Equal(4, record.ExitCode);
        Assert.Contains("the file system holding it is read-only", record.Error, StringComparison.Ordinal);
        var state = await Ledger(store, "state", "FR", "DE");
        Assert.Equal(7, state.ExitCode);
        Assert.Contains("the file system holding it is read-only", state.Error, StringComparison.Ordinal);
        Assert.Contains("RELATIONSLEDGER_READ_MODEL", state.Error, StringComparison.Ordinal);
        var elsewhere = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["RELATIONSLEDGER_READ_MODEL"] = _folder.File("rm.db") },
            "--store", store, "state", "FR", "DE", "--as-of", "2021-01-01", "--json");
        Assert.True(elsewhere.ExitCode == 0, elsewhere.Error);
        Assert.Equal(3, JsonNode.Parse(elsewhere.Out)!["engagements"]!.AsArray().Count);
        Assert.Equal(3, JsonNode.Parse((await Ledger(store, "verify", "--json")).Out)!["events"]!.GetValue<long>()); // the refused write changed nothing
    }

    [SkippableFact]
    public async Task A_copy_whose_last_commits_are_in_its_write_ahead_log_is_read_whole_or_refused_never_read_short()
    {
        SmallDisk.Require();
        using var disk = new SmallDisk(2048);
        var source = _folder.File("ledger.db");
        Assert.Equal(0, (await Engagement(source, "A")).ExitCode);
        // A copy taken while a process had the store open: the last commit is still in ledger.db-wal.
        using (var holder = new SqliteConnection($"Data Source={source};Pooling=False"))
        {
            holder.Open();
            using (var read = holder.CreateCommand())
            {
                read.CommandText = "SELECT COUNT(*) FROM events"; // joins the WAL: the CLI's close is then not the last, and does not fold the log in
                read.ExecuteScalar();
            }
            Assert.Equal(0, (await Engagement(source, "B")).ExitCode);
            Assert.True(new FileInfo(source + "-wal").Length > 0);
            foreach (var (folder, files) in new[] { ("whole", new[] { "", "-wal", "-shm" }), ("no-shm", new[] { "", "-wal" }) })
            {
                Directory.CreateDirectory(disk.File(folder));
                foreach (var suffix in files) File.Copy(source + suffix, Path.Combine(disk.File(folder), "ledger.db" + suffix));
            }
        }
        disk.MakeReadOnly();

        var whole = await Ledger(Path.Combine(disk.File("whole"), "ledger.db"), "verify", "--json");
        Assert.True(whole.ExitCode == 0, whole.Error);
        Assert.Equal(2, JsonNode.Parse(whole.Out)!["events"]!.GetValue<long>());

        var noShm = await Ledger(Path.Combine(disk.File("no-shm"), "ledger.db"), "verify", "--json");
        Assert.Equal(4, noShm.ExitCode); // read as immutable, it would verify "OK" with 1 event of 2
        Assert.Contains("write-ahead log beside it (ledger.db-wal", noShm.Error, StringComparison.Ordinal);
        Assert.Contains("Copy the store with its -wal file to a writable folder", noShm.Error, StringComparison.Ordinal);
    }
}
