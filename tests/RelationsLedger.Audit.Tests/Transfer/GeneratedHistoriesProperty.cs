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
        {
            var (a, b) = (key.First.Value, key.Second.Value);
            for (var i = 0; i < 12; i++)
            {
                var day = history.InterestingDays[rng.Next(history.InterestingDays.Count)].ToString("yyyy-MM-dd");
                var knownAt = moments[rng.Next(moments.Count)];
                Assert.Equal(Json.Write(await ledger.Send(new GetRelationshipState(a, b, day, knownAt)) with { ReadModel = null }),
                    Json.Write(await copy.Send(new GetRelationshipState(a, b, day, knownAt)) with { ReadModel = null }));
            }
            Assert.Equal(StoreFields.Without(await ledger.Send(new GetHistory(a, b))), StoreFields.Without(await copy.Send(new GetHistory(a, b))));
            var moment = moments[rng.Next(moments.Count)];
            Assert.Equal(StoreFields.Without(await ledger.Send(new GetAuditTrail(a, b, moment))), StoreFields.Without(await copy.Send(new GetAuditTrail(a, b, moment))));
        }

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
