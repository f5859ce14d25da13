using System.Text;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Storage;
using RelationsLedger.Audit.Tests.Transfer;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>
/// <c>verify</c> and <c>digest</c> check each stream as its links arrive, keeping its head, and read back from their
/// temporary file only the streams whose chain does not simply go on (round 42 of issue #16). What that could get wrong,
/// on a log longer than one batch of the rules (4,096 events) whose streams interleave over all of it: the first and the
/// last event of the log, a stream of one event, a stream broken near its end (its earlier links are needed to name the
/// gap), an id recorded twice far apart in the log, and a digest over links that do not come in order.
/// </summary>
public sealed partial class StreamedAuditTests(StreamedAuditTests.InterleavedLog made) : IClassFixture<StreamedAuditTests.InterleavedLog>, IAsyncLifetime
{
    private const int Relationships = 6, PerRelationship = 900; // 5,400 events, each stream spread over the whole log
    private readonly TempFolder _folder = new();
    private TestLedger _ledger = null!;

    private static string StreamOf(int r) => RelationshipKey.Of("RU", $"org-{r}").StreamName;

    /// <summary>
    /// The log's 5,400 events sealed and appended once for the class, at version 1; each test verifies, alters or extends a
    /// copy of its own (<see cref="InitializeAsync"/>). Until round 54 each of the class's 14 tests sealed, appended and
    /// exported the same events anew.
    /// </summary>
    public sealed class InterleavedLog : IAsyncLifetime
    {
        private readonly TempFolder _folder = new();

        public string File => _folder.File("ledger.db");

        public Task InitializeAsync() => InterleavedExport.MakeAsync(File, Relationships, PerRelationship, new DateOnly(2000, 1, 1), StoreVersions.Text);

        public Task DisposeAsync()
        {
            _folder.Dispose();
            return Task.CompletedTask;
        }
    }

    public async Task InitializeAsync()
    {
        await LedgerFiles.CopyAsync(made.File, _folder.File("ledger.db"));
        _ledger = await TestLedger.OpenAsync(_folder.File("ledger.db"));
    }

    /// <summary>The store file, made at version 1, at <paramref name="version"/> (<see cref="StoreVersions"/>).</summary>
    private async Task AtVersionAsync(int version) => _ledger = await _ledger.AtVersionAsync(version);

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task An_intact_log_verifies_and_its_digest_is_the_one_made_from_every_link_in_any_order()
    {
        var digest = await _ledger.Send(new TakeDigest());
        var report = await _ledger.Send(new VerifyLedger(Digest: digest.Token));
        Assert.True(report.Ok, string.Join("\n", report.Findings));
        Assert.Equal((Relationships, (long)Relationships * PerRelationship, "5400"), (report.Streams, report.Events, report.HeadPosition));
        Assert.True(report.Digest!.Matches, report.Digest.Detail);

        // The digest is specified over each stream in revision order and the log in position order: links handed over in
        // any other order are put in those orders first, and give the same digest as the log read in order.
        var links = new List<ChainLink>();
        await foreach (var e in LedgerLog.ReadAllAsync(_ledger.Store)) links.Add(ChainLink.Of(e, out _));
        var shuffled = links.OrderBy(_ => Random.Shared.Next()).ToList();
        var position = GlobalPosition.Of(5400);
        Assert.Equal(digest.Hash, LedgerDigest.Compute(shuffled, position, digest.TakenAt).Hash);
        Assert.Equal(digest.Hash, LedgerDigest.Compute(links, position, digest.TakenAt).Hash);
        Assert.Equal(LedgerDigest.Compute(links, position, digest.TakenAt, version: 1).Hash, LedgerDigest.Compute(shuffled, position, digest.TakenAt, version: 1).Hash);
        Assert.Equal(digest.Streams.Select(h => (h.Stream, h.Revision, h.Hash)), LedgerDigest.Compute(shuffled, position, digest.TakenAt).Streams.Select(h => (h.Stream, h.Revision, h.Hash)));
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task The_first_and_the_last_event_of_the_log_altered_are_each_named_and_no_digest_is_taken(int version)
    {
        await AtVersionAsync(version);
        await _ledger.SqlAsync("UPDATE events SET data = stored_like(data, replace(json_of(data), 'Statement', 'Statemont')) WHERE position IN (1, 5400)");
        var report = await _ledger.Send(new VerifyLedger());
        Assert.Equal([("1", TamperKind.Altered, StreamOf(0), 0UL), ("5400", TamperKind.Altered, StreamOf(Relationships - 1), PerRelationship - 1UL)],
            report.Findings.Select(f => (f.Position, f.Kind, f.Stream, f.Revision)).OrderBy(f => f.Position.Length).ThenBy(f => f.Position));
        var refused = await Assert.ThrowsAsync<LedgerTamperedException>(() => _ledger.Send(new TakeDigest()));
        Assert.Equal(2, refused.Findings.Count);
    }

    [Fact]
    public async Task A_stream_broken_near_its_end_is_checked_on_all_its_links()
    {
        // Revision 800 of org-3 deleted: the finding on revision 801 names the one missing revision, which takes the 800
        // links before it, read back from the temporary file (its first 800 links continued the chain as they came).
        await _ledger.SqlAsync("DELETE FROM events WHERE stream = $s AND revision = 800", ("$s", StreamOf(3)));
        var report = await _ledger.Send(new VerifyLedger());
        var finding = Assert.Single(report.Findings, f => f.Stream == StreamOf(3));
        Assert.Equal((TamperKind.Removed, 801UL), (finding.Kind, finding.Revision));
        Assert.StartsWith("revisions 800–800 are missing; it chains onto hash ", finding.Detail, StringComparison.Ordinal);
        Assert.Single(report.Findings, f => f.Stream == HiddenStream.GlobalLog); // and its position is empty
        Assert.Equal(2, report.Findings.Count);
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task A_stream_of_one_event_verifies_and_is_named_when_altered(int version)
    {
        await AtVersionAsync(version);
        await _ledger.RecordAsync(TestLedger.Provenanced(new MakeStatement("RU", "org-99", "Envoy", "partner", "Only one.") with { EffectiveDate = "2001" }));
        var digest = await _ledger.Send(new TakeDigest());
        var report = await _ledger.Send(new VerifyLedger(Digest: digest.Token));
        Assert.True(report.Ok && report.Digest!.Matches, string.Join("\n", report.Findings));
        Assert.Equal(Relationships + 1, report.Streams);
        Assert.Contains(digest.Streams, h => h.Stream == StreamOf(99) && h.Revision == 0);

        await _ledger.SqlAsync("UPDATE events SET data = stored_like(data, replace(json_of(data), 'Only one.', 'Only two.')) WHERE stream = $s", ("$s", StreamOf(99)));
        var altered = await _ledger.Send(new VerifyLedger(Digest: digest.Token));
        var finding = Assert.Single(altered.Findings);
        Assert.Equal((TamperKind.Altered, StreamOf(99), 0UL, "5401"), (finding.Kind, finding.Stream, finding.Revision, finding.Position));
        Assert.False(altered.Digest!.Matches);
        var one = await _ledger.Send(new VerifyLedger("RU", "org-99"));
        Assert.Equal(finding.EventId, Assert.Single(one.Findings).EventId);
    }

    [Fact]
    public async Task An_id_recorded_again_in_another_stream_at_the_far_end_of_the_log_is_named_with_where_it_was_first()
    {
        // The embedded store refuses a second event under an id, so the export of a store that kept one (KurrentDB keeps one
        // per stream) is verified: the log's first event's id, again at its end, in another relationship, in another batch.
        using var export = new MemoryStream();
        await _ledger.Send(new ExportEvents(export));
        var lines = ExportText.EventLines(Encoding.UTF8.GetString(export.ToArray()));
        var first = (await _ledger.EventsAsync(StreamOf(0)))[0];
        var stream = StreamOf(Relationships - 1);
        var head = (await _ledger.EventsAsync(stream))[^1];
        var forged = Forge.Event(stream, new StatementMade("RU", $"org-{Relationships - 1}", "Envoy", Stance.Partner, "Said again."), "2003-01-01", head.Envelope.Hash, first.EventId);
        lines.Add(Forge.Line(forged, stream, PerRelationship, Domain.Time.Moments.Text(head.RecordedAt.AddSeconds(1))).Replace("\"position\":\"999\"", "\"position\":\"5401\"", StringComparison.Ordinal));

        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        var report = await _ledger.Send(new VerifyExport(input, "export"));
        var finding = Assert.Single(report.Findings);
        Assert.Equal((TamperKind.Refused, stream, (ulong)PerRelationship, first.EventId), (finding.Kind, finding.Stream, finding.Revision, finding.EventId));
        Assert.Contains($"its event id is already recorded, in {StreamOf(0)} at revision 0 (position 1); an event id is unique in the whole ledger", finding.Detail, StringComparison.Ordinal);
    }
}
