using System.Text;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Demo;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>
/// Another client of the store chains an event of its own onto a relationship's stream with the documented hash: the
/// chain is intact, so only the ledger's rules can tell it from one the ledger recorded. Each event here is one no
/// command would have recorded where it stands; <c>verify</c> (of the store and of its export) names it refused, and no
/// digest is taken — as the import of the same export refuses it. Before, each verified OK.
/// </summary>
public sealed class ForgedEventTests : FoundingLedgerTests
{
    private static readonly string Stream = TestLedger.RussiaTaliban;

    /// <summary>Chains <paramref name="e"/> onto the head of <paramref name="stream"/> through the store's port, as another client of KurrentDB could.</summary>
    private async Task<Guid> ChainOntoHeadAsync(string stream, IRelationshipEvent e, string effective, Guid? id = null, byte[]? data = null)
    {
        var head = (await Ledger.EventsAsync(stream))[^1];
        var forged = Forge.Event(stream, e, effective, head.Envelope.Hash, id, data);
        await Ledger.Store.AppendAsync(stream, ExpectedRevision.After(head.Recorded.Revision), [new EventData(forged.Id, forged.Type, forged.Data, forged.Metadata)]);
        return forged.Id;
    }

    private async Task<ChainFinding> RefusedAsync(Guid forged, string stream, string why)
    {
        var report = await Ledger.Send(new VerifyLedger());
        Assert.False(report.Ok);
        var finding = Assert.Single(report.Findings);
        Assert.Equal((TamperKind.Refused, stream, forged), (finding.Kind, finding.Stream, finding.EventId));
        Assert.Contains(why, finding.Detail, StringComparison.Ordinal);
        var tampered = await Assert.ThrowsAsync<LedgerTamperedException>(() => Ledger.Send(new TakeDigest()));
        Assert.Contains(tampered.Findings, f => f.EventId == forged);
        return finding;
    }

    [Fact]
    public async Task A_designation_imposed_while_it_is_in_force_is_named_refused()
    {
        var forged = await ChainOntoHeadAsync(Stream,
            new DesignationImposed(FoundingExample.Russia, FoundingExample.Taliban, FoundingExample.TerroristList, FoundingExample.SupremeCourt, null), "2010-05-01");
        var finding = await RefusedAsync(forged, Stream, "the ledger's rules refuse it where it stands: DesignationImposed refused");
        Assert.Contains("chained by someone other than the ledger", finding.Detail, StringComparison.Ordinal);

        var one = await Ledger.Send(new VerifyLedger("RU", "taliban"));
        Assert.Equal(forged, Assert.Single(one.Findings).EventId);
    }

    [Fact]
    public async Task Sanctions_between_two_other_states_inside_a_relationship_are_named_refused()
    {
        var forged = await ChainOntoHeadAsync(Stream, new SanctionsImposed("CN", "JP", "Export controls", "Semiconductors"), "2024-03");
        await RefusedAsync(forged, Stream, "belongs to relationship");
    }

    [Fact]
    public async Task An_event_no_command_writes_is_named_refused_with_its_field()
    {
        // A command trims its text: a speaker with blanks around the name was never written by the ledger.
        var forged = await ChainOntoHeadAsync(Stream, new StatementMade("RU", "taliban", "  Nobody  ", Stance.Hostile, "Never said."), "2024-03");
        await RefusedAsync(forged, Stream, "no command records it: data:");
    }

    [Fact]
    public async Task A_field_rule_s_own_sentence_is_not_given_a_second_full_stop()
    {
        // The field rules end their sentence ("'…' is required."); the finding goes on after it.
        var forged = await ChainOntoHeadAsync(Stream, new StatementMade("RU", "taliban", "Nobody", Stance.Hostile, ""), "2024-03");
        var finding = await RefusedAsync(forged, Stream, "is required. Its chain is intact");
        Assert.DoesNotContain("..", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_event_under_a_recorded_id_in_another_relationship_is_named_refused()
    {
        // The embedded store refuses a second event under an id; KurrentDB keeps one per stream. An export of such a store:
        var recorded = (await Ledger.EventsAsync(Stream))[0].EventId;
        var head = (await Ledger.EventsAsync(TestLedger.UsAfghanistan))[^1];
        var forged = Forge.Event(TestLedger.UsAfghanistan, new StatementMade("US", "AF", "Nobody", Stance.Hostile, "Never said."), "2024-03", head.Envelope.Hash, recorded);
        var lines = (await ExportLinesAsync()).Append(Forge.Line(forged, TestLedger.UsAfghanistan, (long)head.Recorded.Revision + 1, Domain.Time.Moments.Text(head.RecordedAt.AddSeconds(1))));
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        var finding = Assert.Single((await Ledger.Send(new VerifyExport(input, "export"))).Findings);
        Assert.Equal((TamperKind.Refused, TestLedger.UsAfghanistan, recorded), (finding.Kind, finding.Stream, finding.EventId));
        Assert.Contains($"its event id is already recorded, in {Stream} at revision 0", finding.Detail, StringComparison.Ordinal);
    }

    private async Task<IEnumerable<string>> ExportLinesAsync()
    {
        using var export = new MemoryStream();
        await Ledger.Send(new ExportEvents(export));
        return ExportText.EventLines(Encoding.UTF8.GetString(export.ToArray()));
    }

    [Fact]
    public async Task Commands_theLedger_records_after_a_forged_event_are_not_named()
    {
        // The ledger decides later commands on the record as it stands, the forged event included: they are its own.
        var forged = await ChainOntoHeadAsync(Stream, new RelationsSevered("RU", "taliban", "Never happened"), "2024-03");
        await Ledger.RecordAsync(TestLedger.Provenanced(new Application.Commands.Cooperation.MakeStatement("RU", "taliban", "A speaker", "neutral", "Said something.") with { EffectiveDate = "2025-09" }));
        await RefusedAsync(forged, Stream, "RelationsSevered refused");
    }

    [Fact]
    public async Task The_export_of_aLedger_holding_a_forged_event_is_named_as_the_store_is()
    {
        var forged = await ChainOntoHeadAsync(Stream, new SanctionsImposed("CN", "JP", "Export controls", "Semiconductors"), "2024-03");
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', await ExportLinesAsync())));
        var finding = Assert.Single((await Ledger.Send(new VerifyExport(input, "export"))).Findings);
        Assert.Equal((TamperKind.Refused, forged), (finding.Kind, finding.EventId));
    }

    [Fact]
    public async Task A_forged_event_the_rules_accept_is_not_seen_by_any_chain_or_rule()
    {
        // The limit, documented in docs/audit.md: a statement nobody made, in the form a command writes it, chained correctly.
        await ChainOntoHeadAsync(Stream, new StatementMade("RU", "taliban", "Nobody", Stance.Hostile, "Never said."), "2024-03");
        var report = await Ledger.Send(new VerifyLedger());
        Assert.True(report.Ok, string.Join("\n", report.Findings));
    }

    /// <summary>
    /// An event whose data does not decode as the ledger's, sealed and chained: verify names it ALTERED with the words every reader
    /// of the log stops at (LedgerEvent.TryDecode), and takes no digest. Before, an event whose party is no party id was named
    /// REFUSED by a check of the rules' own ("the ledger's rules cannot place it in a relationship") while the questions read it,
    /// and data of another shape was named by nothing: verify said OK.
    /// </summary>
    private async Task NotOfTheLedgerAsync(Guid forged, string why)
    {
        var finding = Assert.Single((await Ledger.Send(new VerifyLedger())).Findings);
        Assert.Equal((TamperKind.Altered, Stream, forged), (finding.Kind, finding.Stream, finding.EventId));
        Assert.StartsWith(why, finding.Detail, StringComparison.Ordinal);
        var tampered = await Assert.ThrowsAsync<LedgerTamperedException>(() => Ledger.Send(new TakeDigest()));
        Assert.Contains(tampered.Findings, f => f.EventId == forged);
        var read = await Assert.ThrowsAsync<LedgerTamperedException>(() => Ledger.Send(new Application.Queries.History.GetHistory("RU", "taliban")));
        Assert.Equal(finding.ToString(), Assert.Single(read.Findings).ToString());
    }

    [Fact]
    public async Task A_forged_event_whose_party_is_no_party_id_is_named_as_no_event_of_the_ledger()
    {
        var forged = await ChainOntoHeadAsync(Stream, new StatementMade("RU", "tah elb", "Nobody", Stance.Hostile, "Never said."), "2024-03");
        await NotOfTheLedgerAsync(forged, "its data cannot be placed in a relationship: Party id ");
    }

    [Fact]
    public async Task A_forged_event_whose_data_is_not_of_its_type_is_named_as_no_event_of_the_ledger()
    {
        var forged = await ChainOntoHeadAsync(Stream, new StatementMade("RU", "taliban", "Nobody", Stance.Hostile, "Never said."), "2024-03",
            data: "[1]"u8.ToArray());
        await NotOfTheLedgerAsync(forged, "its data cannot be read as StatementMade version 1: ");
    }
}
