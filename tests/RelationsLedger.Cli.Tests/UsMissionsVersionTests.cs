using System.Text.Json;
using RelationsLedger.Testing;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Which file the events of <c>ledger import-us-missions</c> name as their source. Before, every file given with --file
/// was recorded as "US Diplomatic Mission Status Data, version 0.1 … commit 6b3b3acf, transitions.csv line N": an edited
/// copy's rows, or five rows written by hand, under the name of a commit they are not. Now the rows of version 0.1 are
/// recognised by their digest (whatever the line ends or byte-order mark) and named by the commit as before; others are
/// named by the digest of their rows.
/// </summary>
public sealed class UsMissionsVersionTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public void Dispose() => _folder.Dispose();

    private async Task<JsonElement> ImportAsync(string path)
    {
        var run = await LedgerCli.RunAsync("--store", Store, "import-us-missions", "--file", path, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    private async Task<JsonElement> DatasetSourceAsync(string a, string b)
    {
        var run = await LedgerCli.RunAsync("--store", Store, "history", a, b, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Out).RootElement[0].GetProperty("sources").EnumerateArray().First(s => s.GetProperty("publisher").GetString() == "Brenton Kenkel");
    }

    [Fact]
    public async Task Rows_that_are_not_version_0_1_are_not_recorded_as_its_commit()
    {
        var file = _folder.File("transitions.csv");
        await File.WriteAllTextAsync(file, "state_dept_name,status_change,year,month,day,last_verified,notes\nFrance,Legation,1801,12,6,2023-12-06,\n");

        var imported = await ImportAsync(file);
        Assert.StartsWith("a transitions.csv that is not version 0.1 (its rows' SHA-256 begins ", imported.GetProperty("dataset").GetString(), StringComparison.Ordinal);
        var source = await DatasetSourceAsync("US", "FR");
        Assert.DoesNotContain("6b3b3acf", source.GetProperty("reference").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("version 0.1 (", source.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("rows sha256:", source.GetProperty("reference").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await ImportAsync(file)).GetProperty("alreadyRecorded").GetInt32()); // the same file again: recognised
    }

    [Fact]
    public async Task The_rows_of_version_0_1_are_named_by_its_commit_whatever_the_line_ends()
    {
        var real = await File.ReadAllBytesAsync(Path.Combine(SharedData.Folder("us-missions"), "transitions.csv"));
        var file = _folder.File("transitions-crlf.csv"); // as an editor on Windows saves it: a byte-order mark and CRLF
        await File.WriteAllBytesAsync(file, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(real).ReplaceLineEndings("\r\n"))]);

        var imported = await ImportAsync(file);
        Assert.Equal("version 0.1 (commit 6b3b3acf)", imported.GetProperty("dataset").GetString());
        Assert.Equal(590, imported.GetProperty("rows").GetInt32());
        var source = await DatasetSourceAsync("US", "FR");
        Assert.Equal("US Diplomatic Mission Status Data, version 0.1 (transitions.csv), CC-BY 4.0", source.GetProperty("title").GetString());
        Assert.StartsWith("commit 6b3b3acf, transitions.csv line ", source.GetProperty("reference").GetString(), StringComparison.Ordinal);
    }
}
