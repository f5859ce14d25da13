using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Aspects;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Trail;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>Export, import into an empty store, verify: the copy answers every query as the original does.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly string[] AsOfDays = ["2003-02-13", "2003-02-14", "2024-06-15", "2024-12-31", "2025-04-17", "2025-05-10", "2025-07-03", "2026-01-01"];

    [Fact]
    public async Task An_exported_ledger_reimports_into_an_empty_store_with_identical_answers()
    {
        await using var original = await TestLedger.OpenAsync(_folder.File("original.db"));
        await original.RecordFoundingExampleAsync();
        var file = _folder.File("ledger.ndjson");
        await using (var output = File.Create(file))
            Assert.Equal(15, (await original.Send(new ExportEvents(output))).Events);

        await using var copy = await TestLedger.OpenAsync(_folder.File("copy.db"));
        var progress = new List<ImportProgress>();
        await using (var input = File.OpenRead(file))
        {
            var result = await copy.Send(new ImportEvents(input, input.Length, new SyncProgress<ImportProgress>(progress.Add)));
            Assert.Equal((16, 15, 0, 2, true), (result.Lines, result.Imported, result.AlreadyPresent, result.Streams, result.EndLine)); // 15 events, the end line
        }
        Assert.Contains(progress, p => p.Phase == ImportPhase.Checking && p.Done == new FileInfo(file).Length);
        Assert.Contains(progress, p => p is { Phase: ImportPhase.Appending, Done: 15, Total: 15 });

        var verified = await copy.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));
        Assert.Equal((2, 15L), (verified.Streams, verified.Events));

        DateTimeOffset?[] knownAts = [null, original.BetweenEarlierAndLater, DateTimeOffset.UnixEpoch];
        foreach (var (a, b) in new[] { ("RU", "taliban"), ("US", "AF") })
        {
            foreach (var day in AsOfDays)
                foreach (var knownAt in knownAts)
                    Assert.Equal(Json.Write(await original.Send(new GetRelationshipState(a, b, day, knownAt))),
                        Json.Write(await copy.Send(new GetRelationshipState(a, b, day, knownAt))));
            Assert.Equal(StoreFields.Without(await original.Send(new GetHistory(a, b))), StoreFields.Without(await copy.Send(new GetHistory(a, b))));
            foreach (var knownAt in knownAts)
                Assert.Equal(StoreFields.Without(await original.Send(new GetAuditTrail(a, b, knownAt))), StoreFields.Without(await copy.Send(new GetAuditTrail(a, b, knownAt))));
        }
        // The known-at moment between the two batches really separates them in the copy too.
        var before = await copy.Send(new GetRelationshipState("RU", "taliban", "2026-01-01", original.BetweenEarlierAndLater));
        Assert.Equal(ItemStatus.InForce, Assert.Single(before.Designations).Status);

        // Re-importing adds nothing and changes nothing.
        var rows = await copy.RowsAsync();
        await using (var input = File.OpenRead(file))
        {
            var repeat = await copy.Send(new ImportEvents(input));
            Assert.Equal((0, 15), (repeat.Imported, repeat.AlreadyPresent));
        }
        Assert.Equal(rows, await copy.RowsAsync());

        // And the copy exports the same record: same events, hashes and recorded times.
        using var again = new MemoryStream();
        await copy.Send(new ExportEvents(again));
        Assert.Equal(Lines(File.ReadAllText(file)).Select(StoreFields.OfLine), Lines(Encoding.UTF8.GetString(again.ToArray())).Select(StoreFields.OfLine));
    }

    [Fact]
    public async Task Export_selects_one_relationship_or_a_recorded_time_window()
    {
        await using var ledger = await TestLedger.OpenAsync(_folder.File("ledger.db"));
        await ledger.RecordFoundingExampleAsync();
        using var one = new MemoryStream();
        var result = await ledger.Send(new ExportEvents(one, "taliban", "RU"));
        Assert.Equal((13L, 1), (result.Events, result.Streams));
        Assert.All(Lines(Encoding.UTF8.GetString(one.ToArray())), l => Assert.Equal(TestLedger.RussiaTaliban, JsonNode.Parse(l)!["stream"]!.GetValue<string>()));

        using var window = new MemoryStream();
        var early = await ledger.Send(new ExportEvents(window, To: ledger.BetweenEarlierAndLater));
        Assert.Equal(4L, early.Events);
        using var rest = new MemoryStream();
        Assert.Equal(11L, (await ledger.Send(new ExportEvents(rest, From: ledger.BetweenEarlierAndLater))).Events);

        // A window that starts mid-stream cannot go into an empty store: its first event chains onto events the store lacks.
        await using var empty = await TestLedger.OpenAsync(_folder.File("empty.db"));
        rest.Position = 0;
        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => empty.Send(new ImportEvents(rest)));
        Assert.Equal((1, "metadata.previousHash"), (refused.Errors[0].Line, refused.Errors[0].Field));
        Assert.Empty(await empty.RowsAsync());
    }

    [Fact]
    public async Task The_cli_exports_to_a_file_and_imports_it()
    {
        var (source, target, file) = (_folder.File("a.db"), _folder.File("b.db"), _folder.File("x.ndjson"));
        await using (var ledger = await TestLedger.OpenAsync(source)) await ledger.RecordSecondRelationshipAsync();
        var export = await LedgerCli.RunAsync("--store", source, "export", "-o", file);
        Assert.Equal(0, export.ExitCode);
        Assert.Contains("Exported 2 event(s) of 1 stream(s)", export.Out);
        var toStdout = await LedgerCli.RunAsync("--store", source, "export", "--relationship", "US", "AF");
        Assert.Equal(File.ReadAllText(file), toStdout.Out);

        var import = await LedgerCli.RunAsync("--store", target, "import", file, "--json");
        Assert.Equal(0, import.ExitCode);
        Assert.Equal(2, JsonDocument.Parse(import.Out).RootElement.GetProperty("imported").GetInt32());
        var again = await LedgerCli.RunAsync("--store", target, "import", file);
        Assert.Contains("Imported 0 event(s) into 0 stream(s); 2 were already recorded", again.Out);
    }

    private static IEnumerable<string> Lines(string text) => ExportText.EventLines(text);


    /// <summary>Reports on the calling thread, so the test sees every report before the handler returns.</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
