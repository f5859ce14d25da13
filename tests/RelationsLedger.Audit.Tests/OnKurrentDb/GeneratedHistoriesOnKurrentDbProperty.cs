using System.Text;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Trail;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Application.Storage;
using RelationsLedger.Audit.Tests.Transfer;
using RelationsLedger.Cli.Output;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Audit.Tests.OnKurrentDb;

/// <summary>
/// The random histories of the embedded store's properties (<see cref="RandomHistory.Commands"/>), recorded through the
/// application on a live KurrentDB server (skipped without KURRENTDB_CONNECTION_STRING) and, the same seed, on a fresh
/// embedded store (<see cref="TwinHistories"/>): the same requests accepted and refused, the same events hash for hash;
/// the read model caught up from the server answers as the fold of the server's streams (state as of days, as known at
/// every recorded moment, questions across relationships, party pages, panels); the state as of each day and the
/// history answer as on the embedded store (also as known at the moments both knew the same); each relationship verifies,
/// a digest taken before a later command still matches; the export of the history imports into an empty embedded store,
/// verifies there and answers the same. Each run names its own parties, so the server needs no reset. Two seeds by
/// default; <c>RELATIONSLEDGER_PROPERTY_SEEDS=FIRST-LAST</c> runs more.
/// </summary>
public sealed class GeneratedHistoriesOnKurrentDbProperty
{
    public static TheoryData<int> Seeds() => [.. PropertySeeds.Or(1, 2)];

    [SkippableTheory]
    [MemberData(nameof(Seeds))]
    public async Task A_history_recorded_on_KurrentDB_is_the_embedded_stores_and_every_answer_equals_the_fold(int seed)
    {
        var server = ServerUnderTest.Require();
        await using var twins = await TwinHistories.RecordAsync(server, seed, 20, 60);
        var (ledger, history) = (twins.Ledger, twins.History);
        await Explained(seed, history, () => twins.AssertSameRecordAsync());
        if (history.Events == 0) return;

        // The server stamped the events with its own clock, today's; verify holds recorded times to its clock, and a question
        // as known at a moment the server stamped holds it to its clock too (neither may be ahead of it by more than a few
        // minutes), so the auditor's clock is today's, not the history's fixed one.
        ledger.Clock.Now = DateTimeOffset.UtcNow;
        var rng = new Random(seed);
        var keys = history.Relationships.ToList();
        var oracle = Oracle.Of(ledger, history.Parties);
        var moments = new List<DateTimeOffset?> { null };
        foreach (var e in await twins.EventsOfAsync(ledger)) moments.AddRange([e.Recorded.RecordedAt, e.Recorded.RecordedAt.AddTicks(-1)]);
        var days = history.InterestingDays;
        await Explained(seed, history, async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                var (day, knownAt) = (days[rng.Next(days.Count)], moments[rng.Next(moments.Count)]);
                await oracle.AssertSameStateAsync(keys[rng.Next(keys.Count)], day, knownAt);
                if (i % 4 == 0)
                    await oracle.AssertSameAcrossAsync(keys, history.Parties[rng.Next(history.Parties.Length)], (MissionLevel)rng.Next(8), day, knownAt, 1 + rng.Next(900));
            }
            foreach (var party in history.Parties) await oracle.AssertSamePartyRelationshipsAsync(party);
            await oracle.AssertSamePanelAsync(Oracle.RandomPanel(rng, history.Parties, moments[rng.Next(moments.Count)]));
        });

        // The same answers as the embedded store: now, and as known at the moments both knew the same events.
        var same = await twins.SameKnowledgeMomentsAsync();
        foreach (var key in keys)
        {
            var (a, b) = (key.First.Value, key.Second.Value);
            for (var i = 0; i < 8; i++)
            {
                var day = days[rng.Next(days.Count)].ToString("yyyy-MM-dd");
                var (ours, theirs) = i == 0 ? ((DateTimeOffset?)null, (DateTimeOffset?)null) : same[rng.Next(same.Count)];
                // The answers name their own moment; the rest must be the same.
                Assert.Equal(Json.Write(await twins.Embedded.Send(new GetRelationshipState(a, b, day, theirs)) with { ReadModel = null, KnownAt = null }),
                    Json.Write(await ledger.Send(new GetRelationshipState(a, b, day, ours)) with { ReadModel = null, KnownAt = null }));
            }
            Assert.Equal(WithoutTimes(await twins.Embedded.Send(new GetHistory(a, b))), WithoutTimes(await ledger.Send(new GetHistory(a, b))));
            var verified = await ledger.Send(new VerifyLedger(a, b));
            Assert.True(verified.Ok, $"verify {key}: " + string.Join("\n", verified.Findings));
            Assert.Equal((await ledger.EventsAsync(key.StreamName)).Count, verified.Events);
        }

        await DigestStillMatchesAsync(ledger, history);

        // Its export imports into an empty embedded store, verifies there and answers the same (the step after the digest
        // may have recorded in a relationship new to the history).
        keys = [.. history.Relationships];
        var export = await ExportAsync(ledger, keys);
        using var folder = new TempFolder();
        await using var copy = await TestLedger.OpenAsync(new ManualClock(DateTimeOffset.UtcNow.AddDays(1)), folder: folder);
        ImportResult imported;
        try
        {
            imported = await copy.Send(new ImportEvents(new MemoryStream(export)));
        }
        catch (ImportRejectedException refused)
        {
            throw await HistoryShrinker.ExplainAsync(nameof(GeneratedHistoriesOnKurrentDbProperty), seed, history,
                new Xunit.Sdk.XunitException($"its export is refused by the import:\n{string.Join("\n", refused.Errors.Select(e => $"line {e.Line}: {e.Field}: {e.Message}"))}"), null);
        }
        Assert.Equal(history.Events, imported.Imported);
        var copyVerified = await copy.Send(new VerifyLedger());
        Assert.True(copyVerified.Ok, string.Join("\n", copyVerified.Findings));
        foreach (var key in keys)
            await SameAnswers.AssertAsync(ledger, copy, key, days, moments, rng, states: 6);
    }

    /// <summary>
    /// The export of a history recorded on the server imports into another server (<c>KURRENTDB_OTHER_NODE</c>, an
    /// unrelated node; skipped without it), verifies there, imports again as nothing new, and answers as the first: state
    /// as of the history's days, as known at every moment the first server recorded (the import keeps them), the history
    /// and the audit trail. Without a namespace of streams in the product, another server is where the same streams can
    /// be written again.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Seeds))]
    public async Task A_history_exported_from_KurrentDB_imports_into_another_KurrentDB_and_answers_the_same(int seed)
    {
        var server = ServerUnderTest.Require();
        var otherNode = Environment.GetEnvironmentVariable(OtherNodeVariable);
        Skip.If(otherNode is null, $"{OtherNodeVariable} is not set: no second KurrentDB node to import into.");
        await using var twins = await TwinHistories.RecordAsync(server, seed, 20, 60);
        var (ledger, history) = (twins.Ledger, twins.History);
        if (history.Events == 0) return;
        var keys = history.Relationships.ToList();
        var export = await ExportAsync(ledger, keys);
        ledger.Clock.Now = DateTimeOffset.UtcNow; // the server's clock stamped the moments asked about below: today's

        await using var copy = await TestLedger.OpenAsync(otherNode!);
        var imported = await copy.Send(new ImportEvents(new MemoryStream(export)));
        Assert.Equal((history.Events, 0), (imported.Imported, imported.AlreadyPresent));
        var again = await copy.Send(new ImportEvents(new MemoryStream(export)));
        Assert.Equal((0, history.Events), (again.Imported, again.AlreadyPresent));

        var rng = new Random(seed);
        var moments = new List<DateTimeOffset?> { null };
        foreach (var e in await twins.EventsOfAsync(ledger)) moments.AddRange([e.Recorded.RecordedAt, e.Recorded.RecordedAt.AddTicks(-1)]);
        await copy.Runner.CatchUpAsync();
        foreach (var key in keys)
        {
            var verified = await copy.Send(new VerifyLedger(key.First.Value, key.Second.Value));
            Assert.True(verified.Ok, $"verify {key} on the other server: " + string.Join("\n", verified.Findings));
            await SameAnswers.AssertAsync(ledger, copy, key, history.InterestingDays, moments, rng, states: 6);
        }
    }

    /// <summary>A second node, unrelated to the server under test (as in the store's real-server tests).</summary>
    private const string OtherNodeVariable = "KURRENTDB_OTHER_NODE";

    /// <summary>
    /// A digest of the whole server, then one more command of the history's, then verify with the digest: it still matches.
    /// A server shared with tests that write events that are not the ledger's (the store's conformance suite) takes no
    /// digest of itself (rightly); the history's streams must then not be among the reasons.
    /// </summary>
    private static async Task DigestStillMatchesAsync(TestLedger ledger, RandomHistory history)
    {
        LedgerDigest digest;
        try
        {
            digest = await ledger.Send(new TakeDigest());
        }
        catch (LedgerTamperedException refused)
        {
            Assert.DoesNotContain(refused.Findings, f => history.Relationships.Any(k => k.StreamName == f.Stream));
            return;
        }
        await history.AppendOneAsync();
        var later = await ledger.Send(new VerifyLedger(Digest: digest.Token));
        Assert.True(later.Digest!.Matches, later.Digest.Detail);
    }

    /// <summary>The history's relationships exported one by one and merged in global order (the server holds other tests' too).</summary>
    internal static async Task<byte[]> ExportAsync(TestLedger ledger, IEnumerable<RelationshipKey> keys)
    {
        var lines = new List<(GlobalPosition Position, string Line)>();
        foreach (var key in keys)
        {
            using var output = new MemoryStream();
            await ledger.Send(new ExportEvents(output, key.First.Value, key.Second.Value));
            foreach (var line in ExportText.EventLines(Encoding.UTF8.GetString(output.ToArray())))
            {
                Assert.True(GlobalPosition.TryParse(System.Text.Json.Nodes.JsonNode.Parse(line)!["position"]!.GetValue<string>(), out var position));
                lines.Add((position, line));
            }
        }
        return Encoding.UTF8.GetBytes(string.Concat(lines.OrderBy(l => l.Position).Select(l => l.Line + "\n")));
    }

    /// <summary>A history as JSON without what the store stamps: positions, recorded and stored times.</summary>
    private static string WithoutTimes<T>(T value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(StoreFields.Without(value))!;
        foreach (var o in Objects(node)) o.Remove("recordedAt");
        return node.ToJsonString();
    }

    private static IEnumerable<System.Text.Json.Nodes.JsonObject> Objects(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => new[] { o }.Concat(o.ToList().SelectMany(p => Objects(p.Value))),
        System.Text.Json.Nodes.JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    private static async Task Explained(int seed, RandomHistory history, Func<Task> check)
    {
        try
        {
            await check();
        }
        catch (Xunit.Sdk.XunitException failure)
        {
            throw await HistoryShrinker.ExplainAsync(nameof(GeneratedHistoriesOnKurrentDbProperty), seed, history, failure, null);
        }
    }
}
