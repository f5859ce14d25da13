using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Audit.Tests.Digests;

/// <summary>
/// A digest taken earlier proves nothing recorded up to its position changed — also what no chain
/// can show: a truncated tail, a removed stream, a re-forged chain, a changed recorded time.
/// </summary>
public sealed class DigestTests : FoundingLedgerTests
{
    private static readonly string Stream = TestLedger.RussiaTaliban;
    private LedgerDigest _digest = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _digest = await Ledger.Send(new TakeDigest());
    }

    private Task<VerifyReport> VerifyAsync() => Ledger.Send(new VerifyLedger(Digest: _digest.Token));

    [Fact]
    public async Task A_digest_verifies_before_tampering_and_after_more_events_are_appended()
    {
        var report = await VerifyAsync();
        Assert.True(report.Ok);
        Assert.True(report.Digest!.Matches, report.Digest.Detail);
        Assert.Equal((2, report.Events), (report.Digest.Streams, report.Digest.Events));

        await Ledger.Send(TestLedger.Provenanced(new Application.Commands.Sanctions.ImposeSanctions("US", "AF", "Taliban sanctions", "assets") with { EffectiveDate = "2001" }));
        var later = await VerifyAsync();
        Assert.True(later.Ok && later.Digest!.Matches, later.Digest!.Detail);
        Assert.Equal(report.Events + 1, later.Events);
        Assert.NotEqual(_digest.Hash, (await Ledger.Send(new TakeDigest())).Hash);
    }

    [Fact]
    public async Task The_token_carries_its_position_and_time_and_a_changed_token_does_not_verify()
    {
        Assert.True(LedgerDigest.TryParseToken(_digest.Token, out var position, out var takenAt, out var hash, out _));
        Assert.Equal((_digest.Position, _digest.Hash), (position.ToString(), hash));
        Assert.Equal(_digest.TakenAt, takenAt);
        var forgedHash = _digest.Token[..^1] + (_digest.Token[^1] == '0' ? '1' : '0');
        Assert.False((await Ledger.Send(new VerifyLedger(Digest: forgedHash))).Digest!.Matches);
    }

    [Fact]
    public async Task Deleting_the_last_event_of_a_stream_leaves_every_chain_intact_but_its_position_empty_and_fails_the_digest()
    {
        await Ledger.SqlAsync("DELETE FROM events WHERE stream = $s AND revision = (SELECT MAX(revision) FROM events WHERE stream = $s)", ("$s", Stream));
        var report = await VerifyAsync();
        var finding = Assert.Single(report.Findings);
        Assert.Equal((TamperKind.Removed, HiddenStream.GlobalLog), (finding.Kind, finding.Stream));
        Assert.StartsWith("position 13 of the global log holds no event, though the store gives out every position once", finding.Detail, StringComparison.Ordinal);
        Assert.False(report.Digest!.Matches);
        Assert.False(report.Ok);
    }

    [Fact]
    public async Task Removing_a_whole_stream_at_the_end_of_the_log_is_named_by_the_stores_counter_and_fails_the_digest()
    {
        await Ledger.SqlAsync("DELETE FROM events WHERE stream = $s", ("$s", TestLedger.UsAfghanistan));
        var report = await VerifyAsync();
        var finding = Assert.Single(report.Findings);
        Assert.Equal((TamperKind.Removed, HiddenStream.GlobalLog), (finding.Kind, finding.Stream));
        Assert.Equal("positions 14–15 of the global log hold no event, though the store gave them out (its counter, sqlite_sequence, is at 15): " +
            "the log's last 2 event(s) were deleted from the store file", finding.Detail);
        Assert.False(report.Digest!.Matches);
        Assert.Equal(1, report.Digest.Streams);
    }

    [Fact]
    public async Task Deleting_the_logs_last_event_and_winding_the_counter_back_passes_every_check_but_the_digest()
    {
        // What a chain and the positions cannot show: the log's end cut and the store's counter edited to match.
        await Ledger.SqlAsync("DELETE FROM events WHERE position = 15; UPDATE sqlite_sequence SET seq = 14 WHERE name = 'events'");
        var report = await VerifyAsync();
        Assert.Empty(report.Findings);
        Assert.False(report.Digest!.Matches);
        Assert.False(report.Ok);
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task A_consistently_reforged_chain_passes_the_chain_but_not_the_digest(int version)
    {
        await AtVersionAsync(version);
        await Forge.RechainAsync(Ledger, Stream, 2, "Supreme Court", "Regional Court");
        var report = await VerifyAsync();
        Assert.Empty(report.Findings);
        Assert.False(report.Digest!.Matches);
    }

    [Fact]
    public async Task A_changed_recorded_time_fails_the_digest()
    {
        // One tick earlier: still after the event before it, so no ordering rule can see it.
        await Ledger.SqlAsync("UPDATE events SET recorded_at = recorded_at - 1 WHERE stream = $s AND revision = 6", ("$s", Stream));
        var report = await VerifyAsync();
        Assert.Empty(report.Findings);
        Assert.False(report.Digest!.Matches);
    }

    public static IEnumerable<object[]> Tampers => StoreVersions.Each(new TheoryData<string>
    {
        "UPDATE events SET data = stored_like(data, replace(json_of(data), 'Supreme Court', 'Regional Court')) WHERE stream = $s AND revision = 2",
        "UPDATE events SET metadata = stored_like(metadata, replace(json_of(metadata), '\"recordedBy\":\"demo\"', '\"recordedBy\":\"mallory\"')) WHERE stream = $s AND revision = 1",
        "DELETE FROM events WHERE stream = $s AND revision = 3",
        "UPDATE events SET revision = -revision - 100 WHERE stream = $s AND revision IN (3, 4); UPDATE events SET revision = 4 WHERE stream = $s AND revision = -103; UPDATE events SET revision = 3 WHERE stream = $s AND revision = -104",
    });

    /// <summary>Issue #11: a digest recomputes every hash from content; it never trusts the hashes an event claims.</summary>
    [Theory, MemberData(nameof(Tampers))]
    public async Task Any_change_at_or_below_the_digest_position_fails_it_whatever_the_stored_hashes_say(int version, string tamper)
    {
        await AtVersionAsync(version);
        await Ledger.SqlAsync(tamper, ("$s", Stream));
        var report = await VerifyAsync();
        Assert.False(report.Digest!.Matches, report.Digest.Detail);
        Assert.False(report.Ok);
    }

    /// <summary>
    /// A digest names no ledger (a faithful copy gives the same one), so checked against another ledger it fails as an altered one
    /// does: the mismatch says it may be either (before round 55 it said only "altered, removed, inserted or reordered").
    /// </summary>
    [Fact]
    public async Task A_digest_checked_against_another_ledger_does_not_match_and_says_it_may_be_of_another_ledger()
    {
        await using var other = await TestLedger.OpenAsync();
        await other.Send(TestLedger.Provenanced(new Application.Commands.Sanctions.ImposeSanctions("US", "AF", "Taliban sanctions", "assets") with { EffectiveDate = "2001" }));
        var report = await other.Send(new VerifyLedger(Digest: _digest.Token));
        Assert.False(report.Digest!.Matches);
        Assert.StartsWith($"the ledger up to position {report.Digest.Position} no longer produces this digest: something recorded by ", report.Digest.Detail, StringComparison.Ordinal);
        Assert.Contains(" was altered, removed, inserted or reordered since, or the digest was taken of another ledger (this one now holds 1 streams, 1 events up to that position)",
            report.Digest.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_inserted_below_the_digest_position_fails_it()
    {
        var events = await Ledger.EventsAsync(Stream);
        var forged = Forge.Event(Stream, new Domain.Aspects.StatementMade("RU", "taliban", "Mallory", Domain.Aspects.Stance.Hostile, "forged"), "2024-01", events[2].Envelope.Hash);
        // Squeezed in below the digest's position, at a revision no event holds.
        await Ledger.SqlAsync("INSERT INTO events (position, event_id, stream, revision, type, data, metadata, recorded_at) VALUES (0, $id, $s, 1000, $t, $d, $m, 0)",
            ("$id", forged.Id.ToString()), ("$s", Stream), ("$t", forged.Type), ("$d", forged.Data), ("$m", forged.Metadata));
        var report = await VerifyAsync();
        Assert.False(report.Digest!.Matches, report.Digest.Detail);
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task No_digest_is_taken_of_aLedger_that_does_not_verify(int version)
    {
        await AtVersionAsync(version);
        await Ledger.SqlAsync("UPDATE events SET data = stored_like(data, replace(json_of(data), 'Supreme Court', 'Regional Court')) WHERE stream = $s AND revision = 2", ("$s", Stream));
        var refused = await Assert.ThrowsAsync<LedgerTamperedException>(() => Ledger.Send(new TakeDigest()));
        Assert.Contains(refused.Findings, f => f.Kind == Application.Audit.Chain.TamperKind.Altered);
    }

    [Fact]
    public async Task A_malformed_token_is_refused_by_field()
    {
        var e = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => Ledger.Send(new VerifyLedger(Digest: "rld1-12-yesterday-abc")));
        Assert.Equal("digest", Assert.Single(e.Errors).PropertyName);
        var both = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => Ledger.Send(new VerifyLedger("RU", "taliban", _digest.Token)));
        Assert.Contains(both.Errors, f => f.PropertyName == "digest");
    }

    [Fact]
    public async Task The_digest_is_independent_of_the_order_links_arrive_in_but_not_of_the_position()
    {
        var links = await Ledger.Store.ReadAllAsync(null, 1000, Application.Storage.StreamFilter.Relationships)
            .Select(e => Application.Audit.Chain.ChainLink.Of(e, out _)).ToListAsync();
        var position = links[^1].Position;
        var a = LedgerDigest.Compute(links, position, _digest.TakenAt);
        var b = LedgerDigest.Compute(Enumerable.Reverse(links), position, _digest.TakenAt);
        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(_digest.Hash, a.Hash);
        Assert.NotEqual(a.Hash, LedgerDigest.Compute(links, Application.Storage.GlobalPosition.Of(position.Commit + 1), _digest.TakenAt).Hash);
    }
}
