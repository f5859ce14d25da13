namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Messages that tell a user what to change name what they gave: a <c>~</c> the shell did not expand (<c>--store=~/x.db</c>,
/// a quoted <c>'~/x.db'</c>) is said to be a folder named ~, and a store given by <c>RELATIONSLEDGER_STORE</c> is not blamed on
/// <c>--store</c>. Real processes, real files.
/// </summary>
public sealed class StoreNamedElsewhereTests : IDisposable
{
    private const string TildeHint = "(~ is not your home folder here: a shell expands it only at the start of a word that is not quoted and not after =; write $HOME instead)";
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_store_under_an_unexpanded_tilde_is_said_to_be_in_a_folder_named_tilde()
    {
        var run = await LedgerCli.RunProcessAsync(_folder.Path, "--store=~/x.db", "state", "RU", "taliban");

        // Before: "Cannot use /…/~/x.db as the store: folder /…/~ does not exist." — and the user looked for a mistake in /….
        Assert.True(run.ExitCode != 0, run.Error);
        Assert.Contains($"folder {Path.Combine(_folder.Path, "~")} does not exist {TildeHint}", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }

    [Fact]
    public async Task Files_read_and_written_under_an_unexpanded_tilde_say_so()
    {
        var store = _folder.File("ledger.db");
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "demo")).ExitCode);

        var export = await LedgerCli.RunProcessAsync(_folder.Path, "--store", store, "export", "-o", "~/out.ndjson");
        var import = await LedgerCli.RunProcessAsync(_folder.Path, "--store", _folder.File("new.db"), "import", "~/in.ndjson");
        var readModel = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["RELATIONSLEDGER_READ_MODEL"] = "~/r.db" },
            "--store", store, "state", "RU", "taliban");

        Assert.Contains($"does not exist {TildeHint}; make it first", export.Error, StringComparison.Ordinal);
        Assert.Contains($"file '~/in.ndjson' does not exist {TildeHint}; name an export file", import.Error, StringComparison.Ordinal);
        Assert.Contains($"does not exist {TildeHint}. Name a file with RELATIONSLEDGER_READ_MODEL", readModel.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "~")));
    }

    [Fact]
    public async Task A_missing_folder_without_a_tilde_gets_no_word_about_home()
    {
        var run = await LedgerCli.RunProcessAsync(_folder.Path, "--store", "nowhere/x~/x.db", "state", "RU", "taliban");

        Assert.Contains("does not exist.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("home folder", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_refusing_a_store_named_by_the_variable_says_to_unset_the_variable()
    {
        var store = _folder.File("ledger.db");
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "demo")).ExitCode);
        var environment = new Dictionary<string, string?> { ["RELATIONSLEDGER_STORE"] = store };

        var byVariable = await LedgerCli.RunProcessAsync(_folder.Path, environment, "demo");
        var byOption = await LedgerCli.RunProcessAsync(_folder.Path, "--store", store, "demo");

        // Before, both: "Omit --store to use a new temporary file." — the first user never gave --store.
        Assert.Contains("already holds events. Unset RELATIONSLEDGER_STORE to use a new temporary file.", byVariable.Error, StringComparison.Ordinal);
        Assert.Contains("already holds events. Omit --store to use a new temporary file.", byOption.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_ledger_names_both_ways_to_name_another()
    {
        var notALedger = _folder.File("notes.db");
        await File.WriteAllTextAsync(notALedger, "");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={notALedger}"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE notes (text TEXT)";
            create.ExecuteNonQuery();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var run = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["RELATIONSLEDGER_STORE"] = notALedger }, "state", "RU", "taliban");

        Assert.Contains("It was not changed; name another file with --store (or RELATIONSLEDGER_STORE).", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
