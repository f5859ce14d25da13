using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// <c>ledger export -o FILE</c> and <c>ledger panel -o FILE</c> as a user runs them: the file is there whole or not at all (an
/// export has no trailer, so a file cut at a line's end reads as a complete export of fewer events; a panel cut at a row's end
/// reads as a shorter panel), and it never takes the place of the ledger's own files. Before, <c>panel -o ledger.db</c>
/// overwrote the store with the panel's CSV ("Wrote 500 rows … to ledger.db"): the ledger was gone.
/// </summary>
public sealed class OutputFileTests : IAsyncLifetime
{
    /// <summary>The commands that write a file: an export, and a daily panel of five years (larger than a few KB).</summary>
    public static TheoryData<string[]> Writers => new()
    {
        new[] { "export" },
        new[] { "panel", "--from", "2020-01-01", "--to", "2024-12-31", "--every", "day" },
    };

    public static TheoryData<string[], string> WritersOntoOwnFiles
    {
        get
        {
            var data = new TheoryData<string[], string>();
            foreach (var writer in Writers)
                foreach (var name in new[] { "ledger.db", "ledger.db-wal", "ledger.projections.db" })
                    data.Add(writer, name);
            return data;
        }
    }

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
    [MemberData(nameof(WritersOntoOwnFiles))]
    public async Task A_file_written_onto_the_ledgers_own_files_is_refused_and_the_ledger_is_left_whole(string[] writer, string name)
    {
        // Before: 'ledger export -o ledger.db --store ledger.db' truncated the store to 0 bytes and exited 4, and
        // 'ledger panel … -o ledger.db' wrote its CSV over the store and exited 0: the ledger was gone.
        await LedgerCli.RunAsync("--store", Store, "state", "RU", "taliban", "--as-of", "2024-01-01"); // the read model exists
        var run = await LedgerCli.RunAsync(["--store", Store, .. writer, "-o", _folder.File(name)]);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains($"--output '{_folder.File(name)}' is ", run.Error, StringComparison.Ordinal);
        Assert.Contains("name another file", run.Error, StringComparison.Ordinal);
        await AssertLedgerWholeAsync();
    }

    /// <summary>
    /// Found by round 37's hostile tester: a FILE in a folder that does not exist was refused in .NET's words about the
    /// temporary file, a name the user never typed: "--output 'nodir/x.csv': Could not find a part of the path
    /// '/tmp/nodir/.x.csv.d556….partial'". It names the folder now.
    /// </summary>
    [Theory]
    [MemberData(nameof(Writers))]
    public async Task A_file_in_a_folder_that_does_not_exist_is_refused_naming_the_folder(string[] writer)
    {
        var missing = _folder.File("no-such-folder");
        var target = Path.Combine(missing, "out.csv");
        var run = await LedgerCli.RunAsync(["--store", Store, .. writer, "-o", target]);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains($"--output '{target}': its folder '{missing}' does not exist; make it first, or name a file in a folder that does.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(".partial", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task The_store_named_through_another_path_is_recognised(string[] writer)
    {
        var link = _folder.File("link-to-ledger.db");
        File.CreateSymbolicLink(link, Store);
        var run = await LedgerCli.RunAsync(["--store", Store, .. writer, "-o", Path.Combine(_folder.Path, ".", "sub", "..", "link-to-ledger.db")]);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        await AssertLedgerWholeAsync();
    }

    [SkippableTheory]
    [MemberData(nameof(Writers))]
    public async Task A_file_cut_short_by_a_full_disk_is_left_as_it_was_and_says_so(string[] writer)
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
            // whole lines, which verify and import as an export of fewer events (and a panel: exit 1, its earlier file cut).
            var run = await LedgerCli.RunAsync(["--store", Store, .. writer, "-o", target]);
            Assert.True(run.ExitCode == 9, $"exit {run.ExitCode}: {run.Error}");
            Assert.Contains($"Cannot write --output '{target}': No space left on device.", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("bug", run.Error, StringComparison.Ordinal);
            if (before is null) Assert.False(File.Exists(target));
            else Assert.Equal(before, await File.ReadAllTextAsync(target));
            Assert.Equal(["export.ndjson", "filler"], Directory.GetFiles(disk.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        await AssertLedgerWholeAsync();
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task A_file_replaces_an_earlier_file_whole_and_writes_to_a_device(string[] writer)
    {
        var file = _folder.File("export.ndjson");
        await File.WriteAllTextAsync(file, new string('x', 10_000_000));
        var written = await LedgerCli.RunAsync(["--store", Store, .. writer, "-o", file]);
        Assert.True(written.ExitCode == 0, written.Error);
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(writer[0] == "export" ? 15 + 1 : 1 + 2 * 1827, lines.Length); // an export: its events and its end line; a panel: its header and a row a day of each of two relationships
        Assert.DoesNotContain(lines, l => l.Contains('x', StringComparison.Ordinal) && l.Trim('x').Length == 0);
        Assert.Single(Directory.GetFiles(_folder.Path), f => Path.GetFileName(f).Contains("export", StringComparison.Ordinal)); // no temporary file left

        // A device cannot be replaced by a file: it is written to (a file put in the place of /dev/null would hold the lines).
        var run = await LedgerCli.RunAsync(["--store", Store, .. writer, "-o", "/dev/null"]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(0, new FileInfo("/dev/null").Length);
    }

    /// <summary>
    /// <c>-o ""</c> names no file: refused as invalid input, naming <c>--output</c>, nothing made. Before round 62 it ended as
    /// "unexpected error: ArgumentException: The value cannot be an empty string … This is a bug", exit code 1.
    /// </summary>
    [Theory]
    [MemberData(nameof(Writers))]
    public async Task An_output_named_empty_is_refused_naming_the_option(string[] writer)
    {
        var before = Directory.GetFiles(_folder.Path).Order(StringComparer.Ordinal).ToArray();
        var run = await LedgerCli.RunProcessAsync(_folder.Path, ["--store", Store, .. writer, "-o", ""]);
        Assert.True(run.ExitCode == 2, run.Out + run.Error);
        Assert.Contains("--output '' names no file: name a file, or - (or no -o) for standard output.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("This is a bug", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(_folder.Path).Order(StringComparer.Ordinal).ToArray());
        await AssertLedgerWholeAsync();
    }

    /// <summary>
    /// <c>-o -</c> is standard output for both writers, as for every command that reads a file (<c>-</c>: standard input). Before
    /// round 62 <c>panel -o -</c> wrote to standard output and <c>export -o -</c> made a file named <c>-</c> in the current folder.
    /// </summary>
    [Theory]
    [MemberData(nameof(Writers))]
    public async Task An_output_named_dash_is_standard_output(string[] writer)
    {
        var run = await LedgerCli.RunProcessAsync(_folder.Path, ["--store", Store, .. writer, "-o", "-"]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "-")), "a file named '-' was made");
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(writer[0] == "export" ? 15 + 1 : 1 + 2 * 1827, lines.Length);
        var toStandardOutput = await LedgerCli.RunProcessAsync(_folder.Path, ["--store", Store, .. writer]);
        Assert.Equal(toStandardOutput.Out, run.Out);
    }

    /// <summary>
    /// Found in round 44: the file that takes FILE's place was made with the umask's mode, so an export written over a private
    /// export (chmod 600) was left readable by everyone: "-rw-r--r--". It has FILE's mode now, from the moment it is made; a
    /// new FILE has the umask's, as the shell's redirection makes one.
    /// </summary>
    [Theory]
    [MemberData(nameof(Writers))]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_file_replaced_keeps_its_permissions(string[] writer)
    {
        foreach (var mode in new[] { UnixFileMode.UserRead | UnixFileMode.UserWrite, (UnixFileMode)Convert.ToInt32("664", 8), (UnixFileMode)Convert.ToInt32("640", 8) })
        {
            var file = _folder.File("private.out");
            await File.WriteAllTextAsync(file, "an earlier file\n");
            File.SetUnixFileMode(file, mode);
            var run = await LedgerCli.RunAsync(["--store", Store, .. writer, "-o", file]);
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.NotEqual("an earlier file\n", await File.ReadAllTextAsync(file));
            Assert.Equal(Convert.ToString((int)mode, 8), Convert.ToString((int)File.GetUnixFileMode(file), 8));
        }
    }

    /// <summary>
    /// Found in round 45: a FILE made read-only (chmod 444: an archived export, an auditor's copy) was replaced — the rename that
    /// puts the whole output in its place needs only the folder's permission — and the command said "Exported 15 event(s) … to
    /// FILE", exit 0, where '&gt; FILE' says "Permission denied". Now it is refused, exit 2, and left byte for byte; its link too.
    /// </summary>
    [Theory]
    [MemberData(nameof(Writers))]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_write_protected_file_is_refused_and_left_as_it_was(string[] writer)
    {
        var file = _folder.File("archived.out");
        var link = _folder.File("archived-link.out");
        await File.WriteAllTextAsync(file, "an archived file\n");
        File.SetUnixFileMode(file, (UnixFileMode)Convert.ToInt32("444", 8));
        File.CreateSymbolicLink(link, file);

        foreach (var (named, says) in new[] { (file, $"--output '{file}': the file is read-only (its mode gives no write permission). It was not replaced; make it writable (chmod u+w) or name another file."),
            (link, $"--output '{link}': the file is read-only (its mode gives no write permission) ({file}). It was not replaced;") })
        {
            var run = await LedgerCli.RunAsync(["--store", Store, .. writer, "-o", named]);

            Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Out}{run.Error}");
            Assert.Contains(says, run.Error, StringComparison.Ordinal);
            Assert.Equal("an archived file\n", await File.ReadAllTextAsync(file));
            Assert.Equal("444", Convert.ToString((int)File.GetUnixFileMode(file), 8));
            Assert.Equal(["archived-link.out", "archived.out", "ledger.db"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName)
                .Where(f => !f!.StartsWith("ledger.db-", StringComparison.Ordinal) && !f.StartsWith("ledger.projections", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        }
    }
}
