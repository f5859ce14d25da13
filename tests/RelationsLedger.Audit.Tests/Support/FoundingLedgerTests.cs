namespace RelationsLedger.Audit.Tests;

/// <summary>
/// A test class whose tests each start on a real SQLite file, in a folder of its own, holding the founding example;
/// removed after the test. <see cref="InitializeAsync"/> may be extended with what a class also needs first.
/// </summary>
public abstract class FoundingLedgerTests : IAsyncLifetime
{
    protected TempFolder Folder { get; } = new();
    protected string LedgerFile => Folder.File("ledger.db");
    protected TestLedger Ledger { get; set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Ledger = await TestLedger.OpenAsync(LedgerFile);
        await Ledger.RecordFoundingExampleAsync();
    }

    /// <summary>
    /// Closes the ledger, rewrites its store file in the compact layout (<c>ledger store upgrade</c>, version 4) and opens it
    /// again, as a user upgrading between two commands would.
    /// </summary>
    protected async Task UpgradeToCompactAsync()
    {
        await Ledger.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await Store.Sqlite.StoreUpgrade.RunAsync(LedgerFile, null, default);
        Ledger = await TestLedger.OpenAsync(LedgerFile);
    }

    public async Task DisposeAsync()
    {
        await Ledger.DisposeAsync();
        Folder.Dispose();
    }
}
