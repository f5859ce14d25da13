namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Standard output is a pipe whose reader goes away before the end (<c>ledger … | head</c>, a consumer that dies). An export
/// must not say it exported every event when its reader got a part of them: before, <c>ledger export | head -c 100</c> ended
/// with "Exported 300 event(s) …" and exit code 0 (.NET's console ignores a closed pipe). An answer cut by <c>| head</c> is
/// what the user asked for: it ends quietly, as before. The ledger runs as a real process, with a real pipe.
/// </summary>
public sealed class ClosedPipeTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public void Dispose() => _folder.Dispose();

    /// <summary>Enough events that their export is far larger than a pipe's buffer (64 KiB): the reader closes it before the end.</summary>
    private async Task RecordEngagementsAsync(int count)
    {
        var file = await EngagementBatch.WriteAsync(_folder, count);
        var run = await LedgerCli.RunAsync("--store", Store, "record-batch", file);
        Assert.True(run.ExitCode == 0, run.Error);
    }

    [Fact]
    public async Task An_export_whose_reader_closes_the_pipe_says_it_is_incomplete_and_fails()
    {
        await RecordEngagementsAsync(300);

        var run = await LedgerCli.RunProcessReadingAsync(_folder.Path, 100, "--store", Store, "export");

        Assert.Equal(100, run.Out.Length);
        Assert.Equal(9, run.ExitCode); // the output could not be written
        Assert.DoesNotContain("Exported", run.Error, StringComparison.Ordinal);
        Assert.Contains("standard output", run.Error, StringComparison.Ordinal);
        Assert.Contains("closed", run.Error, StringComparison.Ordinal);
        Assert.Contains("incomplete", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("This is a bug", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_read_to_its_end_through_a_pipe_says_what_it_exported()
    {
        await RecordEngagementsAsync(300);

        var run = await LedgerCli.RunProcessAsync(_folder.Path, "--store", Store, "export");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(300, ExportText.EventLines(run.Out).Count);
        Assert.True(ExportText.IsEnd(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]), "the end line comes last");
        Assert.Contains("Exported 300 event(s)", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("history", "FR", "DE", "--json")]
    [InlineData("history", "FR", "DE")]
    public async Task An_answer_cut_by_its_reader_ends_quietly_as_before(params string[] args)
    {
        await RecordEngagementsAsync(300);

        var run = await LedgerCli.RunProcessReadingAsync(_folder.Path, 100, ["--store", Store, .. args]);

        Assert.Equal(100, run.Out.Length);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("", run.Error);
    }
}
