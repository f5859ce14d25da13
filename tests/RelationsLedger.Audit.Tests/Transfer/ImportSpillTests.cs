using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// An import keeps the events it accepted in a temporary file until the whole file is checked, not in
/// memory: run as a real process with its own temporary folder, the file appears there and is gone
/// when the import ends, whether it was recorded or refused.
/// </summary>
public sealed class ImportSpillTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private List<string> _lines = null!;

    public async Task InitializeAsync() =>
        _lines = ExportText.EventLines(Encoding.UTF8.GetString(await InterleavedExport.SharedAsync(3, 900, new DateOnly(2001, 1, 1))));

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private async Task<(CliResult Run, IReadOnlyCollection<string> Created, string[] Left)> ImportAsync(string name, IEnumerable<string> lines)
    {
        var temp = Directory.CreateDirectory(_folder.File($"{name}-tmp")).FullName;
        var export = _folder.File($"{name}.ndjson");
        await File.WriteAllLinesAsync(export, lines);
        var created = new ConcurrentBag<string>();
        using var watcher = new FileSystemWatcher(temp) { EnableRaisingEvents = true };
        watcher.Created += (_, e) => created.Add(e.Name!);
        var run = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["TMPDIR"] = temp },
            "--store", _folder.File($"{name}.db"), "import", export);
        await Task.Delay(200); // let the watcher deliver what it saw
        return (run, created.ToArray(), Directory.GetFiles(temp));
    }

    [Fact]
    public async Task Accepted_events_wait_in_a_temporary_file_that_is_gone_after_the_import()
    {
        var (run, created, left) = await ImportAsync("good", _lines);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(created, n => n.StartsWith("relationsledger-import-", StringComparison.Ordinal) && n.EndsWith(".spill", StringComparison.Ordinal));
        Assert.Empty(left);
        var verify = await LedgerCli.RunAsync("--store", _folder.File("good.db"), "verify", "--json");
        Assert.Contains($"\"events\": {_lines.Count}", verify.Out);
    }

    [Fact]
    public async Task A_refused_import_leaves_neither_events_nor_its_temporary_file()
    {
        var lines = _lines.ToArray();
        var node = JsonNode.Parse(lines[^1])!;
        node["data"]!["summary"] = "Altered after hashing.";
        lines[^1] = node.ToJsonString();

        var (run, created, left) = await ImportAsync("bad", lines);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"line {lines.Length}", run.Error + run.Out);
        Assert.NotEmpty(created);
        Assert.Empty(left);
        var verify = await LedgerCli.RunAsync("--store", _folder.File("bad.db"), "verify", "--json");
        Assert.True(verify.Out.Contains("\"events\": 0") || verify.Error.Contains("There is no ledger"), verify.Out + verify.Error);
    }

    [Fact]
    public async Task A_temporary_folder_that_cannot_be_used_is_named_and_nothing_is_imported()
    {
        var export = _folder.File("unusable.ndjson");
        await File.WriteAllLinesAsync(export, _lines);
        var missing = _folder.File("no-such-folder");

        var run = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["TMPDIR"] = missing },
            "--store", _folder.File("unusable.db"), "import", export);

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("The import's temporary file could not be made in " + missing, run.Error);
        Assert.Contains("set TMPDIR to a writable folder", run.Error);
        Assert.DoesNotContain("This is a bug", run.Error);
        var verify = await LedgerCli.RunAsync("--store", _folder.File("unusable.db"), "verify", "--json");
        Assert.True(verify.Out.Contains("\"events\": 0") || verify.Error.Contains("There is no ledger"), verify.Out + verify.Error);
    }
}
