namespace RelationsLedger.Cli.Tests;

/// <summary>
/// What <c>ledger import FILE</c> and <c>ledger verify --file FILE</c> say of a FILE that is not a file they can read: a
/// directory, or one whose reading fails (<c>/proc/self/mem</c> fails with EIO whoever reads it, root included): exit code 2,
/// the file named and why, nothing recorded.
/// </summary>
public sealed class ExportInputFileTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_directory_is_named_as_one()
    {
        // Before: import said "Access to the path … is denied" and verify --file that the directory "does not exist".
        var import = await LedgerCli.RunAsync("--store", Store, "import", _folder.Path);
        Assert.Equal(2, import.ExitCode);
        Assert.Contains($"file '{_folder.Path}' is a directory; name an export file", import.Error, StringComparison.Ordinal);
        var verify = await LedgerCli.RunAsync("--store", Store, "verify", "--file", _folder.Path);
        Assert.Equal(2, verify.ExitCode);
        Assert.Contains($"--file '{_folder.Path}' is a directory; name an export file", verify.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    [SkippableFact]
    public async Task A_file_whose_reading_fails_is_named_with_why_and_nothing_is_recorded()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/proc/self/mem is Linux's");
        // Before: exit 1, "unexpected error: IOException: Input/output error … This is a bug".
        var import = await LedgerCli.RunAsync("--store", Store, "import", "/proc/self/mem");
        Assert.True(import.ExitCode == 2, $"exit {import.ExitCode}: {import.Error}");
        Assert.Contains("file '/proc/self/mem' cannot be read: Input/output error", import.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("bug", import.Error, StringComparison.Ordinal);
        var verify = await LedgerCli.RunAsync("--store", Store, "verify", "--file", "/proc/self/mem");
        Assert.True(verify.ExitCode == 2, $"exit {verify.ExitCode}: {verify.Error}");
        Assert.Contains("--file '/proc/self/mem' cannot be read: Input/output error", verify.Error, StringComparison.Ordinal);
        Assert.Equal(0, File.Exists(Store) ? await LedgerFiles.EventCountAsync(Store) : 0);
    }

    [Fact]
    public async Task Verify_reads_an_export_from_standard_input_as_import_does()
    {
        // Before: 'verify --file -' said "--file '-' does not exist" while 'import -' read standard input.
        var source = _folder.File("source.db");
        await using (var ledger = await TestLedger.OpenAsync(source)) await ledger.RecordFoundingExampleAsync();
        var export = await LedgerCli.RunAsync("--store", source, "export");
        Assert.True(export.ExitCode == 0, export.Error);
        var verify = await LedgerCli.RunWithInputAsync(export.Out, "--store", Store, "verify", "--file", "-");
        Assert.True(verify.ExitCode == 0, $"exit {verify.ExitCode}: {verify.Out}{verify.Error}");
        Assert.Contains("OK: every hash and chain link of the export on standard input verifies", verify.Out, StringComparison.Ordinal);
        Assert.Contains("15 event(s)", verify.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }
}
