using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// <c>ledger store upgrade</c> where the store lives oddly: named through a symbolic link, on a disk that fills up, with its
/// new file's name taken by a folder. Each either upgrades the ledger's one file or says why not, exit 4, the store as it was —
/// never a second ledger beside the first, never "This is a bug".
/// </summary>
public sealed class StoreUpgradePlaceTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Events recorded into <paramref name="store"/>; a new one made at version 1 first, as every store before round 46 was.</summary>
    private static async Task RecordAsync(string store, TempFolder folder, int count)
    {
        if (!File.Exists(store)) await StoreVersions.CreateAsync(store, StoreVersions.Text);
        var run = await LedgerCli.RunAsync("--store", store, "record-batch", await EngagementBatch.WriteAsync(folder, count));
        Assert.True(run.ExitCode == 0, run.Error);
    }

    private static async Task<byte[]> ExportAsync(string store, string file)
    {
        var run = await LedgerCli.RunAsync("--store", store, "export", "-o", file);
        Assert.True(run.ExitCode == 0, run.Error);
        return File.ReadAllBytes(file);
    }

    private static void AssertNoBug(CliResult run)
    {
        Assert.DoesNotContain("This is a bug", run.Error + run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error + run.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// Before: the copy was renamed over the link, which became a file of its own at version 3 ("11 events, 9 → 32,768 bytes":
    /// the link's own length), while the file it named stayed at version 1 — two stores with one ledger identity.
    /// </summary>
    [Fact]
    public async Task A_store_named_through_a_symbolic_link_is_upgraded_in_its_place_and_the_link_kept()
    {
        var real = Directory.CreateDirectory(_folder.File("archive")).FullName;
        var target = Path.Combine(real, "ledger.db");
        await RecordAsync(target, _folder, 30);
        var before = await ExportAsync(target, _folder.File("before.ndjson"));
        var bytesBefore = new FileInfo(target).Length;
        var link = _folder.File("current.db");
        File.CreateSymbolicLink(link, target);

        var upgraded = await LedgerCli.RunAsync("--store", link, "store", "upgrade");

        Assert.True(upgraded.ExitCode == 0, upgraded.Out + upgraded.Error);
        Assert.StartsWith($"Upgraded {link} from version 1 to 4: 30 events, {bytesBefore:N0} → ", upgraded.Out, StringComparison.Ordinal);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal(4, await LedgerFiles.UserVersionAsync(target));
        Assert.False(File.Exists(StoreUpgrade.CopyOf(target)));
        Assert.Equal(before, await ExportAsync(target, _folder.File("target.ndjson")));
        Assert.Equal(before, await ExportAsync(link, _folder.File("link.ndjson")));
    }

    /// <summary>A link that leads to no file is no ledger to upgrade (before: "SqliteException: SQLite Error 14 … This is a bug").</summary>
    [Fact]
    public async Task A_link_to_no_file_is_named_as_no_ledger()
    {
        var link = _folder.File("current.db");
        File.CreateSymbolicLink(link, _folder.File("gone.db"));

        var refused = await LedgerCli.RunAsync("--store", link, "store", "upgrade");

        AssertNoBug(refused);
        Assert.Equal(4, refused.ExitCode);
        Assert.Equal($"There is no ledger in {link} to upgrade: it is a symbolic link to {_folder.File("gone.db")}, which does not exist.\n", refused.Error);
        Assert.False(File.Exists(_folder.File("gone.db")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-journal")]
    public async Task A_folder_where_the_new_file_goes_is_named_and_the_store_is_not_changed(string side)
    {
        var store = _folder.File("ledger.db");
        await RecordAsync(store, _folder, 5);
        var rows = OlderVersionsTests.EventRows(store);
        var folder = Directory.CreateDirectory(StoreUpgrade.CopyOf(store) + side).FullName;

        var refused = await LedgerCli.RunAsync("--store", store, "store", "upgrade");

        AssertNoBug(refused);
        Assert.Equal(4, refused.ExitCode);
        Assert.Equal($"Cannot upgrade {store}: its new file is written beside it as {StoreUpgrade.CopyOf(store)}, and {folder} is in the way (it is a folder). " +
            "It was not changed; move that away and run 'ledger store upgrade' again.\n", refused.Error);
        Assert.Equal(rows, OlderVersionsTests.EventRows(store));
        Assert.Equal(1, await LedgerFiles.UserVersionAsync(store));
        Assert.True(Directory.Exists(folder), "the folder is not the upgrade's to delete");
    }

    /// <summary>
    /// The disk has room for the store but not for its new file (before: "SqliteException: SQLite Error 13: 'database or disk is
    /// full'. This is a bug").
    /// </summary>
    [SkippableFact]
    public async Task A_disk_too_full_for_the_new_file_is_named_the_store_is_not_changed_and_the_upgrade_completes_once_there_is_room()
    {
        SmallDisk.Require();
        using var disk = new SmallDisk(2048);
        var store = disk.File("ledger.db");
        await RecordAsync(store, _folder, 600);
        var rows = OlderVersionsTests.EventRows(store);
        var before = await ExportAsync(store, _folder.File("before.ndjson"));
        disk.Fill(leave: 96 * 1024); // room to open the store (its 32 KB shared-memory file), not for the new file

        var refused = await LedgerCli.RunAsync("--store", store, "store", "upgrade");

        AssertNoBug(refused);
        Assert.Equal(4, refused.ExitCode);
        Assert.Contains($"Cannot upgrade {store}: its new file {StoreUpgrade.CopyOf(store)} could not be written: the disk is full (", refused.Error, StringComparison.Ordinal);
        Assert.Contains("It was not changed, and the unfinished copy is deleted", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(StoreUpgrade.CopyOf(store)));
        Assert.Equal(rows, OlderVersionsTests.EventRows(store));
        Assert.Equal(1, await LedgerFiles.UserVersionAsync(store));

        disk.Release();
        var upgraded = await LedgerCli.RunAsync("--store", store, "store", "upgrade");
        Assert.True(upgraded.ExitCode == 0, upgraded.Out + upgraded.Error);
        Assert.Equal(4, await LedgerFiles.UserVersionAsync(store));
        Assert.Equal(before, await ExportAsync(store, _folder.File("after.ndjson")));
    }
}
