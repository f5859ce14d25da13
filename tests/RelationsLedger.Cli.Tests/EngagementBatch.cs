using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>A batch file of <c>count</c> engagements of FR and DE, one a month from 1950 (rounds <c>from</c>…), for tests that need many events.</summary>
internal static class EngagementBatch
{
    public static async Task<string> WriteAsync(TempFolder folder, int count, int from = 0)
    {
        var lines = Enumerable.Range(from, count).Select(i => JsonSerializer.Serialize(new
        {
            command = "hold-engagement", partyA = "FR", partyB = "DE", kind = "talks", title = $"Talks on the border, round {i}",
            effectiveDate = $"{1950 + i / 12:D4}-{i % 12 + 1:D2}", sources = new[] { new { publisher = "AFP", title = $"Dispatch {i}" } }, recordedBy = "test",
        }));
        var file = folder.File($"batch-{from}.ndjson");
        await File.WriteAllLinesAsync(file, lines);
        return file;
    }
}
