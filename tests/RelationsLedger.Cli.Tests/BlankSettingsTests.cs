namespace RelationsLedger.Cli.Tests;

/// <summary>
/// RELATIONSLEDGER_STORE and RELATIONSLEDGER_READ_MODEL set to only spaces (a careless <c>export RELATIONSLEDGER_READ_MODEL=" "</c>,
/// a template's blank), as real processes: refused with exit code 2, named by the variable that holds the blank, and nothing
/// created.
/// </summary>
public sealed class BlankSettingsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    [Fact]
    public async Task A_read_model_variable_of_only_spaces_is_refused_by_its_name_and_no_file_is_made()
    {
        await RecordAsync();
        var before = Files();
        var environment = new Dictionary<string, string?> { ["RELATIONSLEDGER_READ_MODEL"] = "   " };

        var run = await LedgerCli.RunProcessAsync(_folder.Path, environment, "--store", Store, "state", "RU", "taliban");

        // Before: exit 0, the answer, and a read model made in a file named "   " in the current folder.
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Equal($"Invalid input:{Environment.NewLine}  RELATIONSLEDGER_READ_MODEL: it is only spaces; name a file (e.g. ledger.projections.db), or unset it (the read model then goes beside the store).",
            run.Error.Trim().ReplaceLineEndings());
        Assert.Equal(before, Files());
    }

    [Fact]
    public async Task A_store_variable_of_only_spaces_is_named_as_the_variable_not_as_the_option()
    {
        var environment = new Dictionary<string, string?> { ["RELATIONSLEDGER_STORE"] = "  " };

        var run = await LedgerCli.RunProcessAsync(_folder.Path, environment, "state", "RU", "taliban", "--json");

        // Before: "--store: the store is empty: …", an option the user never gave.
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains("Invalid input:\\n  RELATIONSLEDGER_STORE: the store is empty: give a file", run.Error, StringComparison.Ordinal);
        Assert.Contains("\"errors\":{\"--store\":[\"the store is empty", run.Error, StringComparison.Ordinal); // the JSON field as before
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }

    /// <summary>The folder's files, but the -wal and -shm a store's opening leaves (the store itself is compared).</summary>
    private List<string> Files() => Directory.GetFileSystemEntries(_folder.Path).Where(f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal)).Order().ToList();

    private async Task RecordAsync()
    {
        var recorded = await LedgerCli.RunAsync("--store", Store, "record", "impose-designation", "--actor", "RU", "--counterpart", "taliban",
            "--list", "Federal list", "--authority", "Supreme Court", "--on", "2003-02-14", "--source", "publisher=Reuters;title=Ruling;published=2003-02");
        Assert.True(recorded.ExitCode == 0, recorded.Error);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public void Dispose() => _folder.Dispose();
}
