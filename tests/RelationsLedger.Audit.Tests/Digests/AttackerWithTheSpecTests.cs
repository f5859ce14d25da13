using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Audit.Tests.Digests;

/// <summary>
/// An attacker who has the source, the docs and the store file (round 40): changes that keep every chain and every rule
/// intact, on a real SQLite file. The founding example, then one batch on two relationships, whose events share a recorded
/// time and are appended a stream at a time: the last three positions are US~AF (16, 17) and DE~FR (18).
/// </summary>
public class AttackerWithTheSpecTests : FoundingLedgerTests
{
    /// <summary>Whether the attack is on a store file of version 4, the compact layout (<see cref="AttackerWithTheSpecOnACompactStoreTests"/>).</summary>
    protected virtual bool Compact => false;

    private static readonly string GermanyFrance = Domain.Parties.RelationshipKey.Of("DE", "FR").StreamName;
    private LedgerDigest _digest = null!;

    /// <summary>A batch over two relationships: its events get one recorded time, and are appended a stream at a time.</summary>
    internal static RecordBatch OneTimeBatch => new([
        new BatchItem("commands[0]", TestLedger.Provenanced(new MakeStatement("US", "AF", "State Department", "hostile", "first"))),
        new BatchItem("commands[1]", TestLedger.Provenanced(new MakeStatement("DE", "FR", "Chancellor", "partner", "second"))),
        new BatchItem("commands[2]", TestLedger.Provenanced(new MakeStatement("US", "AF", "State Department", "hostile", "third"))),
    ]);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Ledger.Send(OneTimeBatch);
        if (Compact) await UpgradeToCompactAsync();
        _digest = await Ledger.Send(new TakeDigest());
    }

    private async Task<List<ChainLink>> LinksAsync() =>
        await Ledger.Store.ReadAllAsync(null, 1000, StreamFilter.Relationships).Select(e => ChainLink.Of(e, out _)).ToListAsync();

    [Fact]
    public async Task The_batch_gave_its_events_one_recorded_time_in_the_log_order_the_attack_needs()
    {
        var last = (await LinksAsync()).TakeLast(3).ToList();
        Assert.Equal([TestLedger.UsAfghanistan, TestLedger.UsAfghanistan, GermanyFrance], last.Select(l => l.Stream));
        Assert.Equal([16UL, 17UL, 18UL], last.Select(l => l.Position.Commit));
        Assert.Single(last.Select(l => l.StoredAt).Distinct());
        Assert.Equal("rld2-18-", _digest.Token[..8]);
    }

    [Fact]
    public async Task Two_events_of_different_streams_swapped_in_the_log_pass_every_check_and_a_version_1_digest_but_not_the_digest()
    {
        var v1 = LedgerDigest.Compute(await LinksAsync(), GlobalPosition.Of(18), _digest.TakenAt, version: 1);
        // Positions 17 (US~AF revision 3) and 18 (DE~FR) trade places: each stream's own order, and every time, stay as they were.
        await Ledger.SqlAsync("UPDATE events SET position = 100 WHERE position = 17; UPDATE events SET position = 17 WHERE position = 18; UPDATE events SET position = 18 WHERE position = 100");

        var report = await Ledger.Send(new VerifyLedger(Digest: _digest.Token));
        Assert.Empty(report.Findings);
        Assert.False(report.Digest!.Matches, report.Digest.Detail);
        Assert.False(report.Ok);
        // A token taken before round 40 checks as it was made, and did not cover the log's order.
        var old = await Ledger.Send(new VerifyLedger(Digest: v1.Token));
        Assert.StartsWith("rld1-18-", v1.Token, StringComparison.Ordinal);
        Assert.True(old.Digest!.Matches, old.Digest.Detail);
    }

    [Fact]
    public async Task A_version_1_token_of_an_untouched_ledger_still_matches_and_one_edit_fails_it()
    {
        var v1 = LedgerDigest.Compute(await LinksAsync(), GlobalPosition.Of(18), _digest.TakenAt, version: 1);
        Assert.True((await Ledger.Send(new VerifyLedger(Digest: v1.Token))).Digest!.Matches);
        Assert.NotEqual(v1.Hash, _digest.Hash);
        await Ledger.SqlAsync("UPDATE events SET recorded_at = recorded_at - 1 WHERE position = 16");
        Assert.False((await Ledger.Send(new VerifyLedger(Digest: v1.Token))).Digest!.Matches);
    }

    [Fact]
    public async Task The_logs_last_event_removed_with_the_counter_wound_back_is_named_by_the_digests_position()
    {
        await Ledger.SqlAsync("DELETE FROM events WHERE position = 18; UPDATE sqlite_sequence SET seq = 17 WHERE name = 'events'");

        var report = await Ledger.Send(new VerifyLedger(Digest: _digest.Token));
        Assert.Empty(report.Findings);
        Assert.False(report.Digest!.Matches);
        Assert.EndsWith("(this one now holds 2 streams, 17 events up to that position). The digest was taken when the log's last event was at " +
            "position 18, and no event is there now (the last event at or before it is at position 17): the events at the end of the log " +
            "were removed, or the log's positions renumbered", report.Digest.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mismatch_with_the_logs_last_event_in_place_does_not_say_the_end_was_cut()
    {
        await Ledger.SqlAsync("UPDATE events SET recorded_at = recorded_at - 1 WHERE position = 16");
        var report = await Ledger.Send(new VerifyLedger(Digest: _digest.Token));
        Assert.False(report.Digest!.Matches);
        Assert.EndsWith("(this one now holds 3 streams, 18 events up to that position)", report.Digest.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_whose_event_id_is_no_uuid_stops_verify_and_digest_naming_it_as_tampering()
    {
        await Ledger.SqlAsync("UPDATE events SET event_id = 'not-an-id' WHERE position = 5");

        foreach (var read in new Func<Task>[] { () => Ledger.Send(new VerifyLedger()), () => Ledger.Send(new TakeDigest()) })
        {
            var e = await Assert.ThrowsAsync<LedgerTamperedException>(read);
            Assert.StartsWith("The store's row at position 5 is not an event of this ledger (the store file was changed outside it)", e.Message, StringComparison.Ordinal);
            var finding = Assert.Single(e.Findings);
            Assert.Equal((TamperKind.Altered, TestLedger.RussiaTaliban, "5"), (finding.Kind, finding.Stream, finding.Position));
            Assert.Equal($"ALTERED: {TestLedger.RussiaTaliban} (position 5): its event_id 'not-an-id' is not an event id (a UUID): the row was changed in the store file",
                finding.ToString());
        }
    }

    [Fact]
    public async Task The_ledgers_identity_row_is_no_part_of_the_digest_which_is_of_the_record_not_of_the_file()
    {
        // The identity row tells the store's read model and files apart; it is no part of the record, so no digest covers it
        // (a copy imported into a new store, with another identity, gives the same digest when its positions are the same).
        await Ledger.SqlAsync("UPDATE ledger SET ledger_id = '00000000-0000-4000-8000-000000000000'");
        // Verified as `ledger verify` runs: a process of its own, which takes the file's ledger as it finds it.
        await using (var auditor = await TestLedger.OpenAsync(Ledger.Path))
        {
            var report = await auditor.Send(new VerifyLedger(Digest: _digest.Token));
            Assert.True(report.Ok && report.Digest!.Matches, report.Digest!.Detail);
        }
        // The process that served the ledger before the edit refuses the file at its next new handle: it says it holds another
        // ledger now (round 54: the store's ledger is the first it made or found; before, only its appends and probe refused).
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => Ledger.Send(new VerifyLedger()));
        Assert.True(refused.AnotherLedger, refused.Message);
    }
}

/// <summary>The same attacks on a store upgraded to the compact layout (version 4): every finding keeps its meaning.</summary>
public sealed class AttackerWithTheSpecOnACompactStoreTests : AttackerWithTheSpecTests
{
    protected override bool Compact => true;
}
