using System.Text;
using RelationsLedger.Application.Audit.Export;

namespace RelationsLedger.Audit.Tests;

/// <summary>A real export to import: the founding example recorded in a ledger of its own, exported line by line.</summary>
public static class FoundingExport
{
    /// <summary>The export's lines: the whole ledger, or the relationship of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static async Task<List<string>> LinesAsync(string sourcePath, string? a = null, string? b = null)
    {
        await using var source = await TestLedger.OpenAsync(sourcePath);
        await source.RecordFoundingExampleAsync();
        using var export = new MemoryStream();
        await source.Send(new ExportEvents(export, a, b));
        return ExportText.EventLines(Encoding.UTF8.GetString(export.ToArray()));
    }

    /// <summary>
    /// The whole ledger's export, made once for a test class (<c>IClassFixture</c>): its tests only read the lines,
    /// so recording the founding example again for each test would only repeat the same work.
    /// </summary>
    public sealed class Whole : IAsyncLifetime
    {
        private readonly TempFolder _folder = new();

        public IReadOnlyList<string> Lines { get; private set; } = [];

        public async Task InitializeAsync() => Lines = await LinesAsync(_folder.File("source.db"));

        public Task DisposeAsync()
        {
            _folder.Dispose();
            return Task.CompletedTask;
        }
    }
}
