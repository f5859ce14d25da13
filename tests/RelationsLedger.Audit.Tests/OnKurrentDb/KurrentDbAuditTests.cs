using System.Text;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Store.Conformance;

namespace RelationsLedger.Audit.Tests.OnKurrentDb;

/// <summary>
/// The auditor's checks on a ledger kept in a real KurrentDB/EventStoreDB server: the chain
/// verifies, a digest taken there verifies later, and every kind of tampering with its export is
/// named. Skipped (never passed) without KURRENTDB_CONNECTION_STRING. Each run writes one new
/// relationship (RU and an organisation named for the run), so the server needs no reset.
/// </summary>
public sealed class KurrentDbAuditTests
{
    /// <summary>The founding example's designation of an organisation new to the server, and two engagements around its removal.</summary>
    internal static async Task<(TestLedger Ledger, string Organisation)> RecordedAsync(string prefix = "audit")
    {
        var ledger = await TestLedger.OpenAsync(ServerUnderTest.Require());
        var organisation = $"{prefix}-{Guid.NewGuid():N}"[..18];
        await ledger.Send(TestLedger.Provenanced(new ImposeDesignation("RU", organisation, "Federal list of terrorist organisations", "Supreme Court") with { EffectiveDate = "2003-02-14" }));
        await ledger.Send(TestLedger.Provenanced(new HoldEngagement("RU", organisation, "forum", "A forum", "Kazan") with { EffectiveDate = "2024-06" }));
        await ledger.Send(TestLedger.Provenanced(new RemoveDesignation("RU", organisation, "Federal list of terrorist organisations", "Supreme Court") with { EffectiveDate = "2025-04-17" }));
        await ledger.Send(TestLedger.Provenanced(new HoldEngagement("RU", organisation, "forum", "Another forum", "Moscow") with { EffectiveDate = "2025-05" }));
        return (ledger, organisation);
    }

    /// <summary>
    /// A digest of the whole ledger on the server, or the test skipped. A server shared with other tests (the store's
    /// conformance suite, tampering tests) holds events that are not the ledger's in relationship streams: the whole
    /// ledger does not verify there and no digest of it is taken (rightly). <paramref name="stream"/> must not be among
    /// the findings; the digest itself needs a server with nothing but ledger events (run the test first on a fresh one).
    /// </summary>
    internal static async Task<LedgerDigest> DigestOrSkipAsync(TestLedger ledger, string stream)
    {
        try
        {
            return await ledger.Send(new TakeDigest());
        }
        catch (LedgerTamperedException refused)
        {
            Assert.DoesNotContain(refused.Findings, f => f.Stream == stream);
            throw new SkipException("The server holds events that are not the ledger's (other tests'), so no whole-ledger digest is taken; run this test first on a fresh server.");
        }
    }

    private static async Task<List<string>> ExportAsync(TestLedger ledger, string organisation)
    {
        using var output = new MemoryStream();
        await ledger.Send(new ExportEvents(output, "RU", organisation));
        return ExportText.EventLines(Encoding.UTF8.GetString(output.ToArray()));
    }

    private static Task<VerifyReport> VerifyAsync(TestLedger ledger, IEnumerable<string> lines) =>
        ledger.Send(new VerifyExport(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines))), "kurrentdb export"));

    [SkippableFact]
    public async Task The_chain_of_a_relationship_on_the_server_verifies_and_a_digest_taken_there_verifies_later()
    {
        var (ledger, organisation) = await RecordedAsync();
        await using var _ = ledger;
        var one = await ledger.Send(new VerifyLedger("RU", organisation));
        Assert.True(one.Ok, string.Join("\n", one.Findings));
        Assert.Equal((1, 4L), (one.Streams, one.Events));

        var stream = RelationshipKey.Of("RU", organisation).StreamName;
        var digest = await DigestOrSkipAsync(ledger, stream);
        await ledger.Send(TestLedger.Provenanced(new HoldEngagement("RU", organisation, "forum", "Later forum", "Kazan") with { EffectiveDate = "2025-06" }));
        var later = await ledger.Send(new VerifyLedger(Digest: digest.Token));
        Assert.DoesNotContain(later.Findings, f => f.Stream == stream);
        Assert.True(later.Digest!.Matches, later.Digest.Detail);
    }

    [SkippableFact]
    public async Task Every_kind_of_tampering_with_an_export_from_the_server_is_named()
    {
        var (ledger, organisation) = await RecordedAsync();
        await using var _ = ledger;
        var lines = await ExportAsync(ledger, organisation);
        Assert.Equal(4, lines.Count);
        Assert.True((await VerifyAsync(ledger, lines)).Ok);

        var altered = lines.ToList();
        var node = JsonNode.Parse(altered[1])!;
        node["data"]!["place"] = "Sochi";
        altered[1] = node.ToJsonString();
        Assert.Equal((TamperKind.Altered, 1UL), Kind(Assert.Single((await VerifyAsync(ledger, altered)).Findings)));

        var removed = lines.Where((_, i) => i != 1).ToList();
        Assert.Contains((await VerifyAsync(ledger, removed)).Findings, f => f.Kind == TamperKind.Removed);

        // Two events exchange places: each takes the other's revision and position.
        var swapped = lines.ToList();
        var (first, second) = (JsonNode.Parse(lines[1])!, JsonNode.Parse(lines[2])!);
        foreach (var field in new[] { "revision", "position" })
            (first[field], second[field]) = (second[field]!.DeepClone(), first[field]!.DeepClone());
        (swapped[1], swapped[2]) = (second.ToJsonString(), first.ToJsonString());
        Assert.Contains((await VerifyAsync(ledger, swapped)).Findings, f => f.Kind == TamperKind.Reordered);

        // A forged event inserted at a position between its neighbours': the chain names it.
        var inserted = lines.ToList();
        var forged = JsonNode.Parse(lines[1])!;
        forged["eventId"] = Guid.NewGuid().ToString();
        forged["data"]!["place"] = "Grozny";
        var copiedFrom = GlobalPosition.Parse(forged["position"]!.GetValue<string>());
        forged["position"] = new GlobalPosition(copiedFrom.Commit + 1, copiedFrom.Prepare + 1).ToString();
        inserted.Insert(2, forged.ToJsonString());
        Assert.Contains((await VerifyAsync(ledger, inserted)).Findings, f => f.Kind == TamperKind.Inserted);

        // The same forgery with the position of the line it was copied from: no export the ledger writes has two lines at one
        // position, and the line is named as one that does not rise — never passed as the ledger's.
        forged["position"] = copiedFrom.ToString();
        inserted[2] = forged.ToJsonString();
        var refused = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => VerifyAsync(ledger, inserted));
        Assert.Contains($"position: {copiedFrom} is not after {copiedFrom}, the position of line 2", refused.Message, StringComparison.Ordinal);
    }

    private static (TamperKind, ulong) Kind(ChainFinding f) => (f.Kind, f.Revision);
}
