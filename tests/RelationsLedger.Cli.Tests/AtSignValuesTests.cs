using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A value that begins with <c>@</c> is that text. Before, System.CommandLine's response files were on: the argument
/// <c>--summary @/path</c> was replaced by the words of the file at that path, so a script passing a scraped summary
/// or a handle (<c>@UN_News</c>) to <c>ledger record</c> recorded a local file's content into the ledger for good — or
/// failed with "Response file not found" when no such file was there.
/// </summary>
public sealed class AtSignValuesTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    [Fact]
    public async Task A_value_naming_a_file_after_an_at_sign_is_recorded_as_written_not_as_the_file()
    {
        var secret = _folder.File("secret.txt");
        await File.WriteAllTextAsync(secret, "secret-token-123");

        var recorded = await Ledger("record", "make-statement", "--actor", "FR", "--counterpart", "DE", "--speaker", "@UN_News",
            "--stance", "partner", "--summary", $"@{secret}", "--on", "2020-01-01", "--source", "publisher=x;title=y");

        Assert.True(recorded.ExitCode == 0, recorded.Error);
        var history = await Ledger("history", "FR", "DE", "--json");
        Assert.True(history.ExitCode == 0, history.Error);
        var data = JsonDocument.Parse(history.Out).RootElement.EnumerateArray().Single().GetProperty("data");
        Assert.Equal($"@{secret}", data.GetProperty("summary").GetString());
        Assert.Equal("@UN_News", data.GetProperty("speaker").GetString());
        Assert.DoesNotContain("secret-token-123", history.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_at_sign_before_the_command_is_not_a_file_of_arguments()
    {
        var arguments = _folder.File("args.rsp");
        await File.WriteAllTextAsync(arguments, "demo");

        var run = await Ledger($"@{arguments}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"@{arguments}", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store), "nothing may be recorded");
    }

    public void Dispose() => _folder.Dispose();
}
