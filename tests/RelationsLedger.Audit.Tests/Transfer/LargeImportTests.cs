using System.Text;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Verify;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// An import larger than one chunk of parallel line checks: lines keep their order and numbers
/// across chunks, errors in different chunks are all named, and a bad line anywhere writes nothing.
/// </summary>
public sealed class LargeImportTests : IAsyncLifetime
{
    private const int Relationships = 7, PerRelationship = 700; // 4,900 lines: three check chunks
    private readonly TempFolder _folder = new();
    private List<string> _lines = null!;

    public async Task InitializeAsync() =>
        _lines = ExportText.EventLines(Encoding.UTF8.GetString(await InterleavedExport.MakeAsync(_folder.File("source.db"), Relationships, PerRelationship, new DateOnly(2000, 1, 1))));

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private static MemoryStream File(IEnumerable<string> lines) => new(Encoding.UTF8.GetBytes(string.Join('\n', lines)));

    [Fact]
    public async Task A_large_file_imports_whole_and_verifies()
    {
        Assert.Equal(Relationships * PerRelationship, _lines.Count);
        await using var target = await TestLedger.OpenAsync(_folder.File("target.db"));
        var result = await target.Send(new ImportEvents(File(_lines)));
        Assert.Equal((_lines.Count, _lines.Count, Relationships), (result.Lines, result.Imported, result.Streams));
        var verified = await target.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));
        Assert.Equal((long)_lines.Count, verified.Events);
    }

    [Fact]
    public async Task Bad_lines_in_different_chunks_are_each_named_and_nothing_is_written()
    {
        var lines = _lines.ToList();
        foreach (var at in new[] { 10, 2_500, 4_800 }) // line numbers are 1-based: index at-1
        {
            var node = JsonNode.Parse(lines[at - 1])!;
            node["data"]!["summary"] = "Altered.";
            lines[at - 1] = node.ToJsonString();
        }
        await using var target = await TestLedger.OpenAsync(_folder.File("target.db"));
        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => target.Send(new ImportEvents(File(lines))));
        Assert.Equal([10, 2_500, 4_800], refused.Errors.Where(e => e.Field == "metadata.hash").Select(e => e.Line));
        Assert.Empty(await target.RowsAsync());
    }
}
