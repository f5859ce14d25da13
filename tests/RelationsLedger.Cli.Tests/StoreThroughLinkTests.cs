namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A store or read model named through a symbolic link is the file the link leads to; a link that leads to no file — a disk
/// not mounted, a file moved away, links that go round — is named with its target, exit 4 (7 for the read model), and
/// nothing is made there. Before round 42 each was "the file cannot be opened (permissions?)", of a file anyone could open.
/// </summary>
public sealed class StoreThroughLinkTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly string[] Record = ["record", "hold-engagement", "--party-a", "FR", "--party-b", "DE", "--kind", "talks", "--title", "Border",
        "--on", "2024-01", "--source", "publisher=AFP;title=Dispatch"];

    [Fact]
    public async Task A_link_to_a_file_that_does_not_exist_is_named_with_its_target_and_no_ledger_is_begun_there()
    {
        var target = Path.Combine(_folder.Path, "unmounted", "ledger.db");
        var link = _folder.File("ledger.db");
        File.CreateSymbolicLink(link, target);
        var expected = $"Cannot use {link} as the store: it is a symbolic link to {target}, which does not exist.\n";

        var asked = await LedgerCli.RunAsync("--store", link, "state", "FR", "DE");
        var recorded = await LedgerCli.RunAsync(["--store", link, .. Record]);

        Assert.Equal((4, expected), (asked.ExitCode, asked.Error));
        Assert.Equal((4, expected), (recorded.ExitCode, recorded.Error));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!); // the folder is there, the file is not: still no new ledger
        var again = await LedgerCli.RunAsync(["--store", link, .. Record]);
        Assert.Equal((4, expected), (again.ExitCode, again.Error));
        Assert.False(File.Exists(target));
        Assert.Equal(target, new FileInfo(link).LinkTarget);
    }

    [Fact]
    public async Task Links_that_go_round_are_named()
    {
        var a = _folder.File("a.db");
        var b = _folder.File("b.db");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);

        var asked = await LedgerCli.RunAsync("--store", a, "history", "FR", "DE");

        Assert.Equal((4, $"Cannot use {a} as the store: it is a symbolic link whose links go round in a loop.\n"), (asked.ExitCode, asked.Error));
    }

    [Fact]
    public async Task A_store_and_a_read_model_named_through_links_to_files_are_used_and_a_read_model_link_to_no_file_is_named()
    {
        var store = _folder.File("real.db");
        Assert.Equal(0, (await LedgerCli.RunAsync(["--store", store, .. Record])).ExitCode);
        var link = _folder.File("current.db");
        File.CreateSymbolicLink(link, store);

        var asked = await LedgerCli.RunProcessAsync(_folder.Path, "--store", link, "state", "FR", "DE", "--as-of", "2025-01-01");
        Assert.True(asked.ExitCode == 0, asked.Error);
        Assert.Contains("Border", asked.Out, StringComparison.Ordinal);

        var readModel = _folder.File("rm.projections.db");
        File.CreateSymbolicLink(readModel, Path.Combine(_folder.Path, "gone", "rm.projections.db"));
        var refused = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["RELATIONSLEDGER_READ_MODEL"] = readModel },
            "--store", store, "state", "FR", "DE");
        Assert.Equal(7, refused.ExitCode);
        Assert.Contains($"The read model {readModel} cannot be used: it is a symbolic link to {Path.Combine(_folder.Path, "gone", "rm.projections.db")}, which does not exist.",
            refused.Error, StringComparison.Ordinal);
    }
}
