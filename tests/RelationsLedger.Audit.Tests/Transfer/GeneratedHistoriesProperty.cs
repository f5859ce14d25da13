using System.Text.Json.Nodes;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Trail;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// Every history a user can record (<see cref="RandomHistory.Commands"/>: every command, follow-ups back-filled into a
/// history, corrections and retractions of every kind, batches with on/off pairs and their correlation ids, retries, tied
/// recorded times) is one the ledger decided, so <c>verify</c> — which decides every recorded event again with the import's
/// rules — must say OK: a genuine history named REFUSED is a defect. Its export must import into an empty store, verify
/// there too, and answer as the original does (state as of the interesting days, as known at each recorded moment and now;
/// history; audit trail). A failure names its seed and the smallest history of commands found that fails.
/// </summary>
public sealed class GeneratedHistoriesProperty
{
    public static TheoryData<int> Seeds() => [.. PropertySeeds.Or(1, 24)];

    public static TheoryData<int> FewerSeeds() => [.. PropertySeeds.Or(1, 8)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task A_recorded_history_verifies_and_round_trips_through_export_and_import(int seed)
    {
        using var folder = new TempFolder();
        var rng = new Random(seed);
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), folder: folder);
        var history = RandomHistory.Commands(rng, ledger);
        var steps = 30 + rng.Next(60);
        for (var i = 0; i < steps; i++) await history.AppendOneAsync();
        if (history.Events == 0) return;

        await Check(Verifies);

        var export = new MemoryStream();
        await ledger.Send(new ExportEvents(export));
        using var copyFolder = new TempFolder();
        await using var copy = await TestLedger.OpenAsync(new ManualClock(ledger.Clock.Now.AddDays(1)), folder: copyFolder);
        export.Position = 0;
        ImportResult imported;
        try
        {
            imported = await copy.Send(new ImportEvents(export));
        }
        catch (ImportRejectedException refused)
        {
            throw await HistoryShrinker.ExplainAsync(nameof(GeneratedHistoriesProperty), seed, history,
                new Xunit.Sdk.XunitException($"its export is refused by the import:\n{string.Join("\n", refused.Errors.Select(e => $"line {e.Line}: {e.Field}: {e.Message}"))}"),
                RoundTrips);
        }
        Assert.Equal(history.Events, imported.Imported);
        var copyVerified = await copy.Send(new VerifyLedger());
        Assert.True(copyVerified.Ok, string.Join("\n", copyVerified.Findings));

        var moments = new List<DateTimeOffset?> { null };
        foreach (var e in await ledger.AllEvents()) moments.AddRange([e.RecordedAt, e.RecordedAt.AddTicks(-1)]);
        foreach (var key in history.Relationships)
            await SameAnswers.AssertAsync(ledger, copy, key, history.InterestingDays, moments, rng, states: 12);

        async Task Check(Func<TestLedger, Task> check)
        {
            try
            {
                await check(ledger);
            }
            catch (Xunit.Sdk.XunitException failure)
            {
                throw await HistoryShrinker.ExplainAsync(nameof(GeneratedHistoriesProperty), seed, history, failure, check);
            }
        }
    }

    /// <summary>
    /// An export imported into a store that is not empty (docs/audit.md, "Interrupted imports"): one holding the file's first
    /// lines, as an import interrupted after some batches leaves it, takes the rest and ends as the one-shot import does; one
    /// holding all of it takes nothing; one holding another history of the same relationships is refused as a whole — each
    /// relationship named at the file's first line of it, by its place in the store — and is left byte for byte as it was.
    /// </summary>
    [Theory]
    [MemberData(nameof(FewerSeeds))]
    public async Task An_export_resumes_into_a_store_holding_its_first_lines_and_is_refused_whole_by_one_holding_another_history(int seed)
    {
        using var folder = new TempFolder();
        var rng = new Random(seed);
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), folder: folder);
        var history = RandomHistory.Commands(rng, ledger);
        for (int i = 0, steps = 20 + rng.Next(40); i < steps; i++) await history.AppendOneAsync();
        if (history.Events == 0) return;
        var lines = await ExportLinesAsync(ledger);

        using var copyFolder = new TempFolder();
        await using var copy = await TestLedger.OpenAsync(new ManualClock(ledger.Clock.Now.AddDays(1)), folder: copyFolder);
        var first = rng.Next(lines.Count + 1);
        Assert.Equal(first, (await copy.Send(new ImportEvents(Input(lines.Take(first))))).Imported);
        var rest = await copy.Send(new ImportEvents(Input(lines)));
        Assert.Equal((lines.Count - first, first), (rest.Imported, rest.AlreadyPresent));
        var again = await copy.Send(new ImportEvents(Input(lines)));
        Assert.Equal((0, lines.Count), (again.Imported, again.AlreadyPresent));
        Assert.Equal(lines.Select(StoreFields.OfLine), (await ExportLinesAsync(copy)).Select(StoreFields.OfLine));
        var verified = await copy.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));

        using var otherFolder = new TempFolder();
        await using var other = await TestLedger.OpenAsync(new ManualClock(ledger.Clock.Now.AddDays(1)), folder: otherFolder);
        var otherHistory = RandomHistory.Commands(new Random(seed + 1_000_000), other);
        for (var i = 0; i < 10 && otherHistory.Events == 0 || i < 5; i++) await otherHistory.AppendOneAsync();
        var shared = history.Relationships.Intersect(otherHistory.Relationships).Select(k => k.StreamName).ToHashSet(StringComparer.Ordinal);
        if (shared.Count == 0) return;
        var rowsBefore = await other.RowsAsync();
        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => other.Send(new ImportEvents(Input(lines))));
        Assert.Equal(rowsBefore, await other.RowsAsync());
        var streamOf = lines.Select(l => JsonNode.Parse(l)!["stream"]!.GetValue<string>()).ToList();
        foreach (var stream in shared)
        {
            var line = streamOf.IndexOf(stream) + 1;
            var error = Assert.Single(refused.Errors, e => e.Line == line);
            Assert.Equal("metadata.previousHash", error.Field);
            Assert.Contains($"{stream} already holds revision 0 in this store", error.Message, StringComparison.Ordinal);
        }
        Assert.All(refused.Errors, e => Assert.Contains(streamOf[e.Line - 1], shared));
    }

    private static async Task<List<string>> ExportLinesAsync(TestLedger ledger)
    {
        using var export = new MemoryStream();
        await ledger.Send(new ExportEvents(export));
        return ExportText.EventLines(System.Text.Encoding.UTF8.GetString(export.ToArray()));
    }

    private static MemoryStream Input(IEnumerable<string> lines) => new(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines)));

    private static async Task Verifies(TestLedger ledger)
    {
        var verified = await ledger.Send(new VerifyLedger());
        Assert.True(verified.Ok, "verify: " + string.Join("\n", verified.Findings));
    }

    private static async Task RoundTrips(TestLedger ledger)
    {
        var export = new MemoryStream();
        await ledger.Send(new ExportEvents(export));
        export.Position = 0;
        using var folder = new TempFolder();
        await using var copy = await TestLedger.OpenAsync(new ManualClock(ledger.Clock.Now.AddDays(1)), folder: folder);
        try
        {
            await copy.Send(new ImportEvents(export));
        }
        catch (ImportRejectedException refused)
        {
            Assert.Fail(string.Join("\n", refused.Errors.Select(e => $"line {e.Line}: {e.Field}: {e.Message}")));
        }
    }
}
