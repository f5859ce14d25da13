using System.Collections.Concurrent;
using RelationsLedger.Audit.Tests.Transfer;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>
/// <c>verify</c> and <c>digest</c> keep the log's chain links in a temporary file, not in memory (round 42 of issue #16): run
/// as real processes with a temporary folder of their own, the file appears there and is gone when they end; a folder that
/// cannot take it stops them, naming it, with nothing verified and no digest.
/// </summary>
public sealed class VerifySpillTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public Task InitializeAsync() => InterleavedExport.MakeAsync(Store, 3, 300, new DateOnly(2001, 1, 1));

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private async Task<(CliResult Run, IReadOnlyCollection<string> Created, string[] Left)> RunAsync(string temp, params string[] args)
    {
        var created = new ConcurrentBag<string>();
        using var watcher = new FileSystemWatcher(temp) { EnableRaisingEvents = true };
        watcher.Created += (_, e) => created.Add(e.Name!);
        var run = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["TMPDIR"] = temp }, ["--store", Store, .. args]);
        await Task.Delay(200); // let the watcher deliver what it saw
        return (run, created.ToArray(), Directory.GetFiles(temp));
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("digest")]
    public async Task The_links_wait_in_a_temporary_file_that_is_gone_after_the_run(string command)
    {
        var temp = Directory.CreateDirectory(_folder.File($"{command}-tmp")).FullName;
        var (run, created, left) = await RunAsync(temp, command);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(created, n => n.StartsWith("relationsledger-verify-", StringComparison.Ordinal) && n.EndsWith(".spill", StringComparison.Ordinal));
        Assert.Empty(left);
        Assert.Matches(command == "verify" ? "^OK: .* 3 stream\\(s\\), 900 event\\(s\\)" : "^rld2-900-", run.Out);
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("digest")]
    public async Task A_temporary_folder_that_does_not_exist_stops_the_run_naming_it(string command)
    {
        var missing = _folder.File("no-such-folder");
        var run = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["TMPDIR"] = missing }, "--store", Store, command);

        Assert.Equal(4, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.StartsWith($"The verification's temporary file could not be made in {missing}", run.Error, StringComparison.Ordinal);
        Assert.Contains("set TMPDIR to a writable folder with enough space. Nothing was verified, and no digest was taken.", run.Error, StringComparison.Ordinal);
    }
}
