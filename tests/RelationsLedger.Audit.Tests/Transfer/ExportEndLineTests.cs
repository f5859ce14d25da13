using System.Text;
using System.Text.Json;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// The export's end line (docs/audit.md, "Export format"): a file cut at a line's end — <c>head -n 5 export.ndjson</c> —
/// imported whole and verified OK before, saying nothing, as a complete export of fewer events. Now a file without the end line
/// is imported (an earlier version's export has none) with a warning, and one whose end line does not match what comes before it,
/// or that goes on after it, is refused by both readers: nothing imported.
/// </summary>
public sealed class ExportEndLineTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private string Source => _folder.File("source.db");
    private string Copy => _folder.File("copy.db");
    private string Export => _folder.File("export.ndjson");
    private string[] _lines = [];

    public async Task InitializeAsync()
    {
        await using (var ledger = await TestLedger.OpenAsync(Source)) await ledger.RecordFoundingExampleAsync();
        var exported = await LedgerCli.RunAsync("--store", Source, "export", "-o", Export);
        Assert.True(exported.ExitCode == 0, exported.Error);
        _lines = File.ReadAllText(Export).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private async Task<string> FileAsync(string name, IEnumerable<string> lines, string newline = "\n", bool bom = false)
    {
        var path = _folder.File(name);
        await File.WriteAllBytesAsync(path, [.. bom ? Encoding.UTF8.Preamble.ToArray() : [], .. Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + newline)))]);
        return path;
    }

    [Fact]
    public async Task An_export_ends_with_a_line_that_counts_its_events_and_imports_whole_saying_so()
    {
        Assert.Equal("""{"exportEnd":{"events":15,"streams":2,"lastPosition":"15"}}""", _lines[^1]);
        var import = await LedgerCli.RunAsync("--store", Copy, "import", Export);
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Equal("Imported 15 event(s) into 2 stream(s); 0 were already recorded; 16 line(s) read.\n", import.Out.Replace("\r", ""));
        Assert.Equal("", import.Error);
        var json = await LedgerCli.RunAsync("--store", Copy, "import", Export, "--json");
        Assert.True(JsonDocument.Parse(json.Out).RootElement.GetProperty("endLine").GetBoolean());
        var verify = await LedgerCli.RunAsync("verify", "--file", Export);
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
        Assert.DoesNotContain("Warning", verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_end_line_is_read_in_a_file_saved_with_CRLF_a_byte_order_mark_and_no_last_line_break()
    {
        var windows = await FileAsync("windows.ndjson", _lines, "\r\n", bom: true);
        File.WriteAllBytes(windows, File.ReadAllBytes(windows)[..^2]); // the end line without its line break
        var import = await LedgerCli.RunAsync("--store", Copy, "import", windows, "--json");
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.True(JsonDocument.Parse(import.Out).RootElement.GetProperty("endLine").GetBoolean(), import.Out);
    }

    [Fact]
    public async Task A_file_cut_at_a_line_s_end_imports_and_verifies_with_a_warning_that_it_may_be_cut_short()
    {
        // head -n 5 export.ndjson: before, "Imported 5 event(s) …" and verify OK, nothing else said, exit code 0.
        var cut = await FileAsync("cut.ndjson", _lines.Take(5));
        var import = await LedgerCli.RunAsync("--store", Copy, "import", cut);
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains("Warning: the file has no end line ({\"exportEnd\":…}, which every export written since 2026-12-05 ends with, docs/audit.md): it may be cut short",
            import.Error, StringComparison.Ordinal);
        var json = await LedgerCli.RunAsync("--store", _folder.File("json.db"), "import", cut, "--json");
        Assert.False(JsonDocument.Parse(json.Out).RootElement.GetProperty("endLine").GetBoolean());
        var verify = await LedgerCli.RunAsync("verify", "--file", cut, "--json");
        Assert.True(verify.ExitCode == 0, verify.Error);
        Assert.False(JsonDocument.Parse(verify.Out).RootElement.GetProperty("endLine").GetBoolean());
        Assert.Contains("Warning: the file has no end line", (await LedgerCli.RunAsync("verify", "--file", cut)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_lost_a_line_before_its_end_line_is_refused_by_both_readers_at_the_end_line()
    {
        // The first line removed (tail -n +2): each event left chains on nothing the file lacks but the one removed.
        var lost = await FileAsync("lost.ndjson", _lines.Skip(1));
        const string Expected = "line 15: exportEnd.events: the end line says the export holds 15 event(s), and 14 line(s) come before it: lines were removed or added";
        var import = await LedgerCli.RunAsync("--store", Copy, "import", lost);
        Assert.Equal(2, import.ExitCode);
        Assert.Contains(Expected, import.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Copy) && (await LedgerCli.RunAsync("--store", Copy, "verify")).Out.Contains(" 1 event", StringComparison.Ordinal));
        var verify = await LedgerCli.RunAsync("verify", "--file", lost);
        Assert.Equal(2, verify.ExitCode);
        Assert.Contains(Expected, verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_joined_to_itself_is_named_once_at_the_line_after_its_end_line_by_both_readers()
    {
        // cat export.ndjson export.ndjson: before, every line of the second copy was named "position: 1 is not after 15 …".
        var twice = await FileAsync("twice.ndjson", _lines.Concat(_lines));
        const string Expected = "line 17: (line): comes after the export's end line (line 16): a file holds one export, and nothing follows its end";
        var import = await LedgerCli.RunAsync("--store", Copy, "import", twice);
        Assert.Equal(2, import.ExitCode);
        Assert.Contains("1 problem(s)", import.Error, StringComparison.Ordinal);
        Assert.Contains(Expected, import.Error, StringComparison.Ordinal);
        var verify = await LedgerCli.RunAsync("verify", "--file", twice);
        Assert.Equal(2, verify.ExitCode);
        Assert.Contains(Expected, verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_end_line_edited_by_hand_is_named_by_its_field()
    {
        var edited = await FileAsync("edited.ndjson", [.. _lines[..^1], """{"exportEnd":{"events":15,"streams":3,"lastPosition":"15"}}"""]);
        var import = await LedgerCli.RunAsync("--store", Copy, "import", edited);
        Assert.Equal(2, import.ExitCode);
        Assert.Contains("line 16: exportEnd.streams: the end line says the export holds events of 3 stream(s), and the lines before it are of 2", import.Error, StringComparison.Ordinal);
        var extra = await FileAsync("extra.ndjson", [.. _lines[..^1], """{"exportEnd":{"events":15,"streams":2,"lastPosition":"15","digest":"x"}}"""]);
        var verify = await LedgerCli.RunAsync("verify", "--file", extra);
        Assert.Equal(2, verify.ExitCode);
        Assert.Contains("line 16: exportEnd: has the fields events, streams, lastPosition, digest; an export writes exactly events, streams and lastPosition", verify.Error, StringComparison.Ordinal);
    }
}
