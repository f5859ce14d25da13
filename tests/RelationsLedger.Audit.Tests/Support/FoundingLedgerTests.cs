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

    public async Task DisposeAsync()
    {
        await Ledger.DisposeAsync();
        Folder.Dispose();
    }
}
