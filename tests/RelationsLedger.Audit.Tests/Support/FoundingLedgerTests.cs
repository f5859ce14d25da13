namespace RelationsLedger.Audit.Tests;

/// <summary>
/// A test class whose tests each start on a real SQLite file, in a folder of its own, holding the founding example;
/// removed after the test. <see cref="InitializeAsync"/> may be extended with what a class also needs first. The file is made
/// at version 1 (JSON as text, as every build before round 46 made it); a test run on both layouts
/// (<see cref="StoreVersions.Both"/>) takes it to its version first with <see cref="AtVersionAsync"/>.
/// </summary>
public abstract class FoundingLedgerTests : IAsyncLifetime
{
    protected TempFolder Folder { get; } = new();
    protected string LedgerFile => Folder.File("ledger.db");
    protected TestLedger Ledger { get; set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Ledger = await TestLedger.OpenAsync(LedgerFile, storeVersion: StoreVersions.Text);
        await Ledger.RecordFoundingExampleAsync();
    }

    /// <summary>The store file at <paramref name="version"/>: as made (version 1), or upgraded to the compact layout (version 4).</summary>
    protected async Task AtVersionAsync(int version) => Ledger = await Ledger.AtVersionAsync(version);

    /// <summary>
    /// Closes the ledger, rewrites its store file in the compact layout (<c>ledger store upgrade</c>, version 4) and opens it
    /// again, as a user upgrading between two commands would.
    /// </summary>
    protected Task UpgradeToCompactAsync() => AtVersionAsync(StoreVersions.Zstd);

    public async Task DisposeAsync()
    {
        await Ledger.DisposeAsync();
        Folder.Dispose();
    }
}
