using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A store, or a read model, that a process was killed in while it wrote in rollback-journal mode — the mode both files are in
/// for a moment while <c>ledger store upgrade</c> or a rebuild swaps them: the file holds pages of a write never committed and
/// beside it is the journal that puts them back (<see cref="LedgerFiles.LeaveUnfinishedWriteAsync"/>). Round 46's CI met one
/// after a killed upgrade: every command then said "the file is read-only (or its folder is)" of a writable store, because
/// the ledger's first look at a file is read-only, and SQLite needs write access to roll such a write back. Now the ledger
/// rolls it back in its own files where they may be written, as its first read-write connection would, and anywhere else
/// refuses, naming the journal, changing nothing.
/// </summary>
public sealed class UnfinishedWriteTests(UnfinishedWriteTests.ThreeEventStore threeEvents) : IClassFixture<UnfinishedWriteTests.ThreeEventStore>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Task<CliResult> Ledger(string store, params string[] args) => LedgerIn(_folder.Path, store, args);

    private Task<CliResult> Engagement(string store, string title) => EngagementIn(_folder.Path, store, title);

    private static Task<CliResult> LedgerIn(string folder, string store, params string[] args) => LedgerCli.RunProcessAsync(folder, ["--store", store, .. args]);

    private static Task<CliResult> EngagementIn(string folder, string store, string title) => LedgerIn(folder, store,
        "record", "hold-engagement", "--party-a", "FR", "--party-b", "DE", "--kind", "talks", "--title", title, "--on", "2020-05", "--source", "publisher=AFP;title=Talks");

    /// <summary>
    /// A copy of the fixture's store of three events and the digest of them, every connection to it closed: each test breaks
    /// its own copy. The copy is the file byte for byte (the fixture's processes ended, so no write-ahead log is beside it).
    /// </summary>
    private (string Store, string Digest) CopyOfThreeEvents()
    {
        var store = _folder.File("ledger.db");
        File.Copy(threeEvents.Store, store);
        return (store, threeEvents.Digest);
    }

    /// <summary>
    /// The store every test starts from, recorded once for the class by three <c>ledger record</c> processes and digested by a
    /// fourth (round 50: built per test, these four processes were ~40 of the class's ~70 process starts). What the tests prove
    /// begins after it: each leaves an unfinished write in its own copy.
    /// </summary>
    public sealed class ThreeEventStore : IAsyncLifetime
    {
        private readonly TempFolder _folder = new();

        public string Store => _folder.File("ledger.db");

        public string Digest { get; private set; } = "";

        public async Task InitializeAsync()
        {
            foreach (var title in new[] { "A", "B", "C" }) Assert.Equal(0, (await EngagementIn(_folder.Path, Store, title)).ExitCode);
            var digest = await LedgerIn(_folder.Path, Store, "digest");
            Digest = digest.Out.Split('\n').Single(l => l.StartsWith("rld2-", StringComparison.Ordinal));
            Assert.False(File.Exists(Store + "-wal"), "the last process to close the store folds its write-ahead log in and deletes it");
            Assert.False(File.Exists(Store + "-journal"));
        }

        public Task DisposeAsync()
        {
            _folder.Dispose();
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("digest")]
    [InlineData("export")]
    [InlineData("history FR DE")]
    [InlineData("state FR DE")]
    [InlineData("record")]
    [InlineData("store upgrade")]
    public async Task Any_command_first_rolls_the_unfinished_write_back_and_finds_the_ledger_as_last_committed(string command)
    {
        var (store, digest) = CopyOfThreeEvents();
        await LedgerFiles.LeaveUnfinishedWriteAsync(store);

        var run = command == "record" ? await Engagement(store, "D") : await Ledger(store, command.Split(' '));

        Assert.True(run.ExitCode == 0, $"{command}: {run.Error}");
        Assert.False(File.Exists(store + "-journal"));
        Assert.False(await LedgerFiles.HoldsUnfinishedAsync(store));
        var verify = await Ledger(store, "verify", "--json");
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
        Assert.Equal(command == "record" ? 4 : 3, JsonNode.Parse(verify.Out)!["events"]!.GetValue<long>());
        if (command != "record") Assert.Equal(0, (await Ledger(store, "verify", "--digest", digest)).ExitCode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_store_whose_mode_forbids_writing_is_refused_naming_the_journal_and_left_as_it_is()
    {
        var (store, _) = CopyOfThreeEvents();
        var journal = await LedgerFiles.LeaveUnfinishedWriteAsync(store);
        var file = await File.ReadAllBytesAsync(store);
        File.SetUnixFileMode(store, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var verify = await Ledger(store, "verify");

        Assert.Equal(4, verify.ExitCode);
        Assert.Contains("stopped mid-write (killed, or the machine lost power) and left its rollback journal ledger.db-journal", verify.Error, StringComparison.Ordinal);
        Assert.Contains("which needs write access, and the file is read-only (its mode gives no write permission)", verify.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("or its folder is", verify.Error, StringComparison.Ordinal);
        Assert.Equal(file, await File.ReadAllBytesAsync(store));
        Assert.Equal(journal, await File.ReadAllBytesAsync(store + "-journal"));
    }

    [Fact]
    public async Task Another_applications_database_with_an_unfinished_write_is_not_rolled_back()
    {
        var other = _folder.File("other.db");
        await using (var c = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE notes (text); INSERT INTO notes VALUES ('kept')";
            await cmd.ExecuteNonQueryAsync();
        }
        var journal = await LedgerFiles.LeaveUnfinishedWriteAsync(other);
        var file = await File.ReadAllBytesAsync(other);

        var verify = await Ledger(other, "verify");

        Assert.Equal(4, verify.ExitCode);
        Assert.Contains("its header does not carry the ledger's mark, so the ledger did not roll that write back", verify.Error, StringComparison.Ordinal);
        Assert.Equal(file, await File.ReadAllBytesAsync(other));
        Assert.Equal(journal, await File.ReadAllBytesAsync(other + "-journal"));
    }

    [SkippableFact]
    public async Task On_a_read_only_file_system_the_store_is_refused_never_read_with_the_unfinished_pages()
    {
        SmallDisk.Require();
        using var disk = new SmallDisk(8192); // room for the store and its journal
        var (store, _) = CopyOfThreeEvents();
        await LedgerFiles.LeaveUnfinishedWriteAsync(store);
        var archived = disk.File("ledger.db");
        File.Copy(store, archived);
        File.Copy(store + "-journal", archived + "-journal");
        disk.MakeReadOnly();

        var verify = await Ledger(archived, "verify");

        // Read as immutable (no -shm there), SQLite would leave the journal out and read the write's pages as the store.
        Assert.Equal(4, verify.ExitCode);
        Assert.Contains("left its rollback journal ledger.db-journal", verify.Error, StringComparison.Ordinal);
        Assert.Contains("it is on a read-only file system", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_model_the_ledger_named_is_rolled_back_and_answers_and_one_named_by_the_user_is_refused_unchanged()
    {
        var (store, _) = CopyOfThreeEvents();
        Assert.Equal(0, (await Ledger(store, "state", "FR", "DE")).ExitCode);
        var named = _folder.File("ledger.projections.db");
        SqliteConnection.ClearAllPools();
        await LedgerFiles.LeaveUnfinishedWriteAsync(named);

        var state = await Ledger(store, "state", "FR", "DE", "--as-of", "2021-01-01", "--json");

        Assert.True(state.ExitCode == 0, state.Error);
        Assert.Equal(3, JsonNode.Parse(state.Out)!["engagements"]!.AsArray().Count);
        Assert.False(File.Exists(named + "-journal"));

        var chosen = _folder.File("chosen.db");
        File.Copy(named, chosen);
        SqliteConnection.ClearAllPools();
        var journal = await LedgerFiles.LeaveUnfinishedWriteAsync(chosen);
        var file = await File.ReadAllBytesAsync(chosen);
        var refused = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["RELATIONSLEDGER_READ_MODEL"] = chosen },
            "--store", store, "state", "FR", "DE");

        Assert.Equal(7, refused.ExitCode);
        Assert.Contains("left its rollback journal chosen.db-journal", refused.Error, StringComparison.Ordinal);
        Assert.Contains("rolls such a write back only in a read model it named", refused.Error, StringComparison.Ordinal);
        Assert.Equal(file, await File.ReadAllBytesAsync(chosen));
        Assert.Equal(journal, await File.ReadAllBytesAsync(chosen + "-journal"));
    }
}
