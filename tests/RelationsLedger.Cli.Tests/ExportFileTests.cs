using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// <c>ledger export -o FILE</c> as a user runs it: the file is there whole or not at all (an export has no trailer, so a file
/// cut at a line's end reads as a complete export of fewer events), and it never takes the place of the ledger's own files.
/// </summary>
public sealed class ExportFileTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public async Task InitializeAsync()
    {
        await using var ledger = await TestLedger.OpenAsync(Store);
        await ledger.RecordFoundingExampleAsync();
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private async Task AssertLedgerWholeAsync()
    {
        var verify = await LedgerCli.RunAsync("--store", Store, "verify", "--json");
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
        Assert.Equal(15, JsonDocument.Parse(verify.Out).RootElement.GetProperty("events").GetInt32());
    }

    [Theory]
    [InlineData("ledger.db")]
    [InlineData("ledger.db-wal")]
    [InlineData("ledger.projections.db")]
    public async Task An_export_onto_the_ledgers_own_files_is_refused_and_the_ledger_is_left_whole(string name)
    {
        // Before: 'ledger export -o ledger.db --store ledger.db' truncated the store to 0 bytes and exited 4: the ledger was gone.
        await LedgerCli.RunAsync("--store", Store, "state", "RU", "taliban", "--as-of", "2024-01-01"); // the read model exists
        var run = await LedgerCli.RunAsync("--store", Store, "export", "-o", _folder.File(name));
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains($"--output '{_folder.File(name)}' is ", run.Error, StringComparison.Ordinal);
        Assert.Contains("name another file", run.Error, StringComparison.Ordinal);
        await AssertLedgerWholeAsync();
    }

    [Fact]
    public async Task The_store_named_through_another_path_is_recognised()
    {
        var link = _folder.File("link-to-ledger.db");
        File.CreateSymbolicLink(link, Store);
        var run = await LedgerCli.RunAsync("--store", Store, "export", "-o", Path.Combine(_folder.Path, ".", "sub", "..", "link-to-ledger.db"));
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        await AssertLedgerWholeAsync();
    }

    [SkippableFact]
    public async Task An_export_cut_short_by_a_full_disk_leaves_the_file_as_it_was_and_says_so()
    {
        SmallDisk.Require();
        using var disk = new SmallDisk(64);
        disk.Fill(leave: 6 * 1024); // room for a few lines of the 15
        var earlier = disk.File("export.ndjson");
        await File.WriteAllTextAsync(earlier, "an earlier export\n");
        var fresh = disk.File("fresh.ndjson");

        foreach (var (target, before) in new[] { (earlier, "an earlier export\n"), (fresh, (string?)null) })
        {
            // Before: exit 1, "unexpected error: IOException … This is a bug", and the file held the lines written until then —
            // whole lines, which verify and import as an export of fewer events.
            var run = await LedgerCli.RunAsync("--store", Store, "export", "-o", target);
            Assert.True(run.ExitCode == 9, $"exit {run.ExitCode}: {run.Error}");
            Assert.Contains($"Cannot write --output '{target}': No space left on device.", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("bug", run.Error, StringComparison.Ordinal);
            if (before is null) Assert.False(File.Exists(target));
            else Assert.Equal(before, await File.ReadAllTextAsync(target));
            Assert.Equal(["export.ndjson", "filler"], Directory.GetFiles(disk.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        await AssertLedgerWholeAsync();
    }

    [Fact]
    public async Task An_export_replaces_an_earlier_file_whole_and_writes_to_a_device()
    {
        var file = _folder.File("export.ndjson");
        await File.WriteAllTextAsync(file, new string('x', 100_000));
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", Store, "export", "-o", file)).ExitCode);
        Assert.Equal(15, (await File.ReadAllLinesAsync(file)).Length);
        Assert.Single(Directory.GetFiles(_folder.Path), f => Path.GetFileName(f).Contains("export", StringComparison.Ordinal)); // no temporary file left

        // A device cannot be replaced by a file: it is written to (a file put in the place of /dev/null would hold the lines).
        var run = await LedgerCli.RunAsync("--store", Store, "export", "-o", "/dev/null");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(0, new FileInfo("/dev/null").Length);
    }
}
