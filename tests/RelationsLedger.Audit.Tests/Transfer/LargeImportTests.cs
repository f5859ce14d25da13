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
        _lines = ExportText.EventLines(Encoding.UTF8.GetString(await InterleavedExport.SharedAsync(Relationships, PerRelationship, new DateOnly(2000, 1, 1))));

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
    /// <summary>
    /// One bad line where the reading runs ahead of the deciding (round 48): the file's first line, the last of the first
    /// chunk of 2,048 lines and the first of the next, the file's last: that line and field are named, no other, and nothing is written.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2_048)]
    [InlineData(2_049)]
    [InlineData(Relationships * PerRelationship)]
    public async Task One_bad_line_at_a_chunks_edge_is_named_alone_and_nothing_is_written(int at)
    {
        var lines = _lines.ToList();
        var node = JsonNode.Parse(lines[at - 1])!;
        node["metadata"]!["effectiveDate"] = "2003-02-30";
        lines[at - 1] = node.ToJsonString();
        await using var target = await TestLedger.OpenAsync(_folder.File("target.db"));

        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => target.Send(new ImportEvents(File(lines))));

        Assert.Equal([at], refused.Errors.Select(e => e.Line).Distinct()); // its date, and the hash that covers it
        Assert.Contains(refused.Errors, e => e.Field == "metadata.effectiveDate" && e.Message.Contains("day 30 does not exist", StringComparison.Ordinal));
        Assert.Empty(await target.RowsAsync());
    }

    [Fact]
    public async Task A_file_cut_inside_its_last_line_names_that_line_and_writes_nothing()
    {
        var cut = string.Join('\n', _lines);
        cut = cut[..(cut.Length - _lines[^1].Length / 2)];
        await using var target = await TestLedger.OpenAsync(_folder.File("target.db"));

        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => target.Send(new ImportEvents(new MemoryStream(Encoding.UTF8.GetBytes(cut)))));

        Assert.Equal([_lines.Count], refused.Errors.Select(e => e.Line).Distinct());
        Assert.Empty(await target.RowsAsync());
    }
}
