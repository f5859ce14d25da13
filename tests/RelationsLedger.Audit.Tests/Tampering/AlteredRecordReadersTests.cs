using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Trail;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Application.Queries.Timelines;
using RelationsLedger.Domain.Aspects;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>
/// The readers that show a relationship's record as recorded — its audit trail, its history, its timeline (the
/// workbench's) and the events of a correlation id — on a record edited in the store's file. Before: an event whose
/// data was edited in place (its envelope still readable) was shown as recorded: the auditor's replay listed "+ designations: RU · Regional Court…" with its sources, exit 0, and only
/// <c>verify</c> said otherwise. Now each checks the stream's chain as verify does and shows nothing of a record that
/// does not verify (exit 5, 409 <c>ledger-tampered</c>), naming the findings.
/// </summary>
public sealed class AlteredRecordReadersTests : FoundingLedgerTests
{
    private static readonly string Stream = TestLedger.RussiaTaliban;

    /// <summary>Edits the file with SQL, then opens the ledger again, as the next process would (nothing cached).</summary>
    private async Task EditAsync(string sql)
    {
        await Ledger.SqlAsync(sql, ("$s", Stream));
        await Ledger.DisposeAsync();
        Ledger = await TestLedger.OpenAsync(LedgerFile);
    }

    public static IEnumerable<object[]> Edits => StoreVersions.Each(new TheoryData<string, TamperKind, ulong>
    {
        { "UPDATE events SET data = stored_like(data, replace(json_of(data), 'Supreme Court', 'Regional Court')) WHERE stream = $s AND revision = 2", TamperKind.Altered, 2 },
        { "UPDATE events SET metadata = stored_like(metadata, replace(json_of(metadata), '\"recordedBy\":\"demo\"', '\"recordedBy\":\"someone else\"')) WHERE stream = $s AND revision = 5", TamperKind.Altered, 5 },
        { "DELETE FROM events WHERE stream = $s AND revision = 3", TamperKind.Removed, 4 },
    });

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task An_edited_record_is_not_shown_by_its_audit_or_its_history_and_the_finding_is_named(int version, string sql, TamperKind kind, ulong revision)
    {
        await AtVersionAsync(version);
        var correlation = (await Ledger.EventsAsync(Stream))[^1].Envelope.CorrelationId; // an event no edit touches
        await EditAsync(sql);

        var readers = new Func<Task>[]
        {
            () => Ledger.Send(new GetAuditTrail("RU", "taliban")), () => Ledger.Send(new GetHistory("RU", "taliban")),
            () => Ledger.Send(new GetRelationshipTimeline("RU", "taliban")),
            () => Ledger.Send(new GetCorrelatedHistory(correlation, "RU", "taliban")), () => Ledger.Send(new GetCorrelatedHistory(correlation)),
        };
        foreach (var reader in readers)
        {
            var refused = await Assert.ThrowsAsync<LedgerTamperedException>(reader);
            var finding = Assert.Single(refused.Findings);
            Assert.Equal((kind, Stream, revision), (finding.Kind, finding.Stream, finding.Revision));
            Assert.Contains("ledger verify RU taliban", refused.Message, StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task Other_relationships_are_shown_and_an_untouched_record_is_shown_whole(int version)
    {
        await AtVersionAsync(version);
        var before = await Ledger.Send(new GetAuditTrail("RU", "taliban"));
        await EditAsync("UPDATE events SET data = stored_like(data, replace(json_of(data), 'Supreme Court', 'Regional Court')) WHERE stream = $s AND revision = 2");

        Assert.NotEmpty((await Ledger.Send(new GetAuditTrail("US", "AF"))).Entries);
        Assert.NotEmpty(await Ledger.Send(new GetHistory("US", "AF")));
        Assert.Equal(13, before.Entries.Count);
    }
}
