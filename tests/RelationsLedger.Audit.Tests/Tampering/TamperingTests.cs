using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>
/// Each kind of tampering, done with SQL on the real SQLite file, is caught by <c>verify</c> and
/// named: stream, revision, event id and kind.
/// </summary>
public sealed class TamperingTests : FoundingLedgerTests
{
    private static readonly string Stream = TestLedger.RussiaTaliban;
    private List<LedgerEventRow> _rows = null!;

    private sealed record LedgerEventRow(Guid Id, ulong Revision, string Hash);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _rows = (await Ledger.EventsAsync(Stream)).Select(e => new LedgerEventRow(e.EventId, e.Recorded.Revision, e.Envelope.Hash)).ToList();
    }

    private Task<VerifyReport> VerifyAsync() => Ledger.Send(new VerifyLedger());

    private static ChainFinding Only(VerifyReport report)
    {
        Assert.False(report.Ok);
        return Assert.Single(report.Findings);
    }

    /// <summary>A deleted row also leaves its position empty in the global log: that finding beside the stream's own, which is returned.</summary>
    private static ChainFinding OnlyBesideDeleted(VerifyReport report, int deleted)
    {
        Assert.False(report.Ok);
        var log = Assert.Single(report.Findings, f => f.Stream == HiddenStream.GlobalLog);
        Assert.Equal(TamperKind.Removed, log.Kind);
        Assert.EndsWith($": {deleted} event(s) were deleted from the store file there", log.Detail, StringComparison.Ordinal);
        return Assert.Single(report.Findings, f => f.Stream != HiddenStream.GlobalLog);
    }

    private static void Names(ChainFinding finding, TamperKind kind, ulong revision, Guid eventId)
    {
        Assert.Equal((kind, Stream, revision, eventId), (finding.Kind, finding.Stream, finding.Revision, finding.EventId));
    }

    [Fact]
    public async Task An_untouchedLedger_verifies_with_counts()
    {
        var report = await VerifyAsync();
        Assert.True(report.Ok, string.Join("\n", report.Findings));
        Assert.Equal((2, _rows.Count + 2L), (report.Streams, report.Events));
        Assert.Equal((_rows.Count + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), report.HeadPosition);

        var one = await Ledger.Send(new VerifyLedger("taliban", "RU"));
        Assert.True(one.Ok);
        Assert.Equal((1, (long)_rows.Count, Stream), (one.Streams, one.Events, one.Scope));
    }

    [Theory]
    [InlineData("relationship-taliban~RU")]   // the parties out of order
    [InlineData("relationship-РU~taliban")] // a Cyrillic Р
    [InlineData("relationship-RU~taliban~")]
    [InlineData("relationship-RU~RU")]
    [InlineData("relationship-RU")]
    public async Task An_event_in_a_stream_that_only_looks_like_theLedgers_is_named_inserted(string lookAlike)
    {
        // Another client of the store copies a recorded event, chain and all, into a stream the ledger would never name.
        var original = (await Ledger.EventsAsync(Stream))[0].Recorded;
        var copy = new Application.Storage.EventData(Guid.NewGuid(), original.Type, original.Data, original.Metadata);
        await Ledger.Store.AppendAsync(lookAlike, Application.Storage.ExpectedRevision.NoStream, [copy]);

        var finding = Only(await VerifyAsync());
        Assert.Equal((TamperKind.Inserted, lookAlike, copy.EventId), (finding.Kind, finding.Stream, finding.EventId));
        Assert.Contains("is not a stream of this ledger", finding.Detail, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Application.Audit.Chain.LedgerTamperedException>(() => Ledger.Send(new Application.Audit.Digest.TakeDigest()));
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task Changed_data_is_named_altered(int version)
    {
        await AtVersionAsync(version);
        await Ledger.SqlAsync("UPDATE events SET data = stored_like(data, replace(json_of(data), 'Supreme Court', 'Regional Court')) WHERE stream = $s AND revision = 2", ("$s", Stream));
        var finding = Only(await VerifyAsync());
        Names(finding, TamperKind.Altered, 2, _rows[2].Id);
        Assert.Contains("no longer produces its hash", finding.Detail);
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task Changed_metadata_is_named_altered(int version)
    {
        await AtVersionAsync(version);
        await Ledger.SqlAsync("UPDATE events SET metadata = stored_like(metadata, replace(json_of(metadata), '\"recordedBy\":\"demo\"', '\"recordedBy\":\"someone else\"')) WHERE stream = $s AND revision = 5", ("$s", Stream));
        Names(Only(await VerifyAsync()), TamperKind.Altered, 5, _rows[5].Id);
    }

    [Fact]
    public async Task A_deleted_row_is_named_removed_at_the_event_after_the_gap()
    {
        await Ledger.SqlAsync("DELETE FROM events WHERE stream = $s AND revision = 3", ("$s", Stream));
        var finding = OnlyBesideDeleted(await VerifyAsync(), 1);
        Names(finding, TamperKind.Removed, 4, _rows[4].Id);
        Assert.Contains("revisions 3–3 are missing", finding.Detail);
    }

    [Fact]
    public async Task A_deleted_first_row_is_named_removed()
    {
        await Ledger.SqlAsync("DELETE FROM events WHERE stream = $s AND revision = 0", ("$s", Stream));
        Names(OnlyBesideDeleted(await VerifyAsync(), 1), TamperKind.Removed, 1, _rows[1].Id);
    }

    [Fact]
    public async Task A_deleted_first_row_with_the_rest_renumbered_from_0_is_named_removed()
    {
        // No revision is missing: only the chain says the stream's first event claims a predecessor.
        await Ledger.SqlAsync("DELETE FROM events WHERE stream = $s AND revision = 0; UPDATE events SET revision = revision + 1000 WHERE stream = $s; UPDATE events SET revision = revision - 1001 WHERE stream = $s", ("$s", Stream));
        var finding = OnlyBesideDeleted(await VerifyAsync(), 1);
        Names(finding, TamperKind.Removed, 0, _rows[1].Id);
        Assert.Contains("an event the stream no longer holds", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_deleted_rows_are_named_as_one_gap_with_its_first_and_last_revision()
    {
        await Ledger.SqlAsync("DELETE FROM events WHERE stream = $s AND revision BETWEEN 2 AND 4", ("$s", Stream));
        var finding = OnlyBesideDeleted(await VerifyAsync(), 3);
        Names(finding, TamperKind.Removed, 5, _rows[5].Id);
        Assert.Contains("revisions 2–4 are missing", finding.Detail, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task An_event_forged_to_claim_its_own_hash_as_its_predecessor_is_named_and_verify_ends(int version)
    {
        await AtVersionAsync(version);
        // A loop of one: the event is its own successor in the chain. Following it must not recurse without end.
        await Ledger.SqlAsync("UPDATE events SET metadata = stored_like(metadata, json_set(json_of(metadata), '$.hash', json_extract(json_of(metadata), '$.previousHash'))) WHERE stream = $s AND revision = 6", ("$s", Stream));
        var report = await VerifyAsync();
        Assert.False(report.Ok);
        Assert.Contains(report.Findings, f => (f.Kind, f.Revision, f.EventId) == (TamperKind.Altered, 6UL, _rows[6].Id));
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task Two_events_forged_into_a_loop_through_a_copied_hash_are_named_and_verify_ends(int version)
    {
        await AtVersionAsync(version);
        // A loop of two: copy A claims genuine revision 1's hash as its own and follows copy B; B follows that hash. From
        // revision 1 the chain can go on to revision 2 or to B, whose only successor A "is" revision 1 again. Measuring how
        // far each way goes must not go round the loop without end (it did: verify died of a stack overflow).
        var loop = new string('b', 64);
        await AppendACopyAsync(revision: 2, claiming: (_rows[1].Hash, loop));
        await AppendACopyAsync(revision: 2, claiming: (loop, _rows[1].Hash));
        var report = await VerifyAsync();
        Assert.False(report.Ok);
        var named = report.Findings.Select(f => f.Revision).ToHashSet();
        Assert.Contains((ulong)_rows.Count, named);
        Assert.Contains((ulong)_rows.Count + 1, named);
        Assert.DoesNotContain(report.Findings, f => f.Revision < (ulong)_rows.Count); // the genuine events are not accused
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task A_copy_forking_a_long_chain_near_its_start_is_named_and_verify_ends(int version)
    {
        await AtVersionAsync(version);
        // 20,000 events follow the genuine ones (RU~US holds 24,500), then a copy of revision 2, which claims revision 1 as its
        // predecessor as revision 2 does: which way the chain goes on from revision 1 is decided by how far each way goes, so
        // both are measured to the stream's end. Measured one event deeper per call, that overflowed the stack: verify died.
        // (The 20,000 claim hashes their content does not produce, each named altered: only their chain links matter here.)
        const int longer = 20_000;
        await AppendAForgedWayAsync(longer, following: _rows[^1].Hash);
        var copy = await AppendACopyAsync(revision: 2);

        var report = await VerifyAsync();
        Assert.False(report.Ok);
        var inserted = Assert.Single(report.Findings, f => f.Kind == TamperKind.Inserted);
        Names(inserted, TamperKind.Inserted, (ulong)(_rows.Count + longer), copy);
        Assert.Contains($"as revision 2 (event {_rows[2].Id}) does, from which the chain continues", inserted.Detail, StringComparison.Ordinal);
        Assert.Equal(longer, report.Findings.Count(f => f.Kind == TamperKind.Altered));
        Assert.DoesNotContain(report.Findings, f => f.Revision < (ulong)_rows.Count); // the genuine events are not accused
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task A_forged_way_from_an_early_event_is_not_taken_for_the_chain_because_a_copy_forks_the_genuine_way_later(int version)
    {
        await AtVersionAsync(version);
        // Two forks: a forged way of five events claiming to follow revision 1 (hashes of its own), and a copy of revision 4,
        // which forks the genuine way at revision 3. At revision 1 the longer way is genuine: revision 2 and the rest. How far
        // a way goes is its longest branch (a copy ends at once); measured by the shortest branch, the genuine way would end
        // at the copy, three events on, and the forged way, five long, would be taken for the chain.
        const int forged = 5;
        Assert.True(_rows.Count - 2 > forged, $"the founding ledger's {_rows.Count} events: the genuine way from revision 2 must be the longer");
        await AppendAForgedWayAsync(forged, following: _rows[1].Hash);
        await AppendACopyAsync(revision: 4);

        var report = await VerifyAsync();
        Assert.False(report.Ok);
        Assert.DoesNotContain(report.Findings, f => f.Revision < (ulong)_rows.Count); // the genuine events are not accused
        Assert.Equal(forged + 1, report.Findings.Count);
    }

    [Fact]
    public async Task A_deleted_row_with_later_revisions_renumbered_is_still_caught()
    {
        await Ledger.SqlAsync("DELETE FROM events WHERE stream = $s AND revision = 3; UPDATE events SET revision = revision + 1000 WHERE stream = $s AND revision > 3; UPDATE events SET revision = revision - 1001 WHERE stream = $s AND revision > 1000", ("$s", Stream));
        var finding = OnlyBesideDeleted(await VerifyAsync(), 1);
        Assert.Equal((Stream, 2UL, _rows[2].Id), (finding.Stream, finding.Revision, finding.EventId));
        Assert.Contains("removed and the revisions renumbered", finding.Detail);
    }

    [Fact]
    public async Task A_stream_renumbered_to_start_at_revision_1_is_named_altered_at_its_first_event()
    {
        // The chain is whole and starts at its first event; only the revision numbers moved, so no event is missing before it.
        await Ledger.SqlAsync("UPDATE events SET revision = revision + 1000 WHERE stream = $s; UPDATE events SET revision = revision - 999 WHERE stream = $s", ("$s", Stream));
        var finding = Only(await VerifyAsync());
        Names(finding, TamperKind.Altered, 1, _rows[0].Id);
        Assert.Contains("it starts the chain but is recorded at revision 1", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_event_moved_to_a_later_revision_is_named_altered_though_its_chain_is_intact()
    {
        // Nothing chains onto it and no event is missing from the chain: only the revision left empty before it tells.
        var last = (ulong)_rows.Count - 1;
        await Ledger.SqlAsync("UPDATE events SET revision = revision + 1 WHERE stream = $s AND revision = $r", ("$s", Stream), ("$r", (long)last));
        var finding = Only(await VerifyAsync());
        Names(finding, TamperKind.Altered, last + 1, _rows[(int)last].Id);
        Assert.Contains($"it directly follows revision {last - 1} in the chain but is recorded at revision {last + 1}: a revision number was changed", finding.Detail, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task The_previous_hash_edited_mid_stream_names_that_event_alone_not_the_intact_one_before_it(int version)
    {
        await AtVersionAsync(version);
        // Revision 5's envelope claims another predecessor; its content no longer produces its hash, revision 6 still chains
        // onto it, and revision 4 is intact. Before, verify also named revision 4 altered ("re-hashed or replaced").
        await Ledger.SqlAsync("UPDATE events SET metadata = stored_like(metadata, json_set(json_of(metadata), '$.previousHash', $z)) WHERE stream = $s AND revision = 5",
            ("$s", Stream), ("$z", new string('0', 64)));
        var finding = Only(await VerifyAsync());
        Names(finding, TamperKind.Altered, 5, _rows[5].Id);
        Assert.Contains("no longer produces its hash", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inserted_copy_of_a_row_is_named_inserted()
    {
        var copy = await AppendACopyAsync(revision: 2);
        Names(Only(await VerifyAsync()), TamperKind.Inserted, (ulong)_rows.Count, copy);
    }

    [Fact]
    public async Task A_forged_event_inserted_mid_stream_with_a_valid_hash_is_named_inserted()
    {
        // Make room at revision 3, then insert an event whose own hash is valid and which chains onto revision 2.
        await Ledger.SqlAsync("UPDATE events SET revision = revision + 1000 WHERE stream = $s AND revision >= 3; UPDATE events SET revision = revision - 999 WHERE stream = $s AND revision >= 1000", ("$s", Stream));
        var forged = Forge.Event(Stream, new StatementMade("RU", "taliban", "Nobody", Stance.Hostile, "Never said."), "2010", _rows[2].Hash);
        await InsertAsync(forged, revision: 3);
        var finding = Only(await VerifyAsync());
        Names(finding, TamperKind.Inserted, 3, forged.Id);
        // The genuine event claims the same predecessor; the chain continues from it, so the forged one is the fork.
        Assert.Contains($"it claims to follow revision 2 (event {_rows[2].Id}), as revision 4 (event {_rows[3].Id}) does", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_chain_start_is_named_inserted()
    {
        var forged = Forge.Event(Stream, new StatementMade("RU", "taliban", "Nobody", Stance.Hostile, "Never said."), "2010", previousHash: null);
        await InsertAsync(forged, revision: (ulong)_rows.Count);
        Names(Only(await VerifyAsync()), TamperKind.Inserted, (ulong)_rows.Count, forged.Id);
    }

    [Fact]
    public async Task Two_rows_with_swapped_revisions_are_named_reordered()
    {
        await Ledger.SqlAsync("UPDATE events SET revision = -1 WHERE stream = $s AND revision = 1; UPDATE events SET revision = 1 WHERE stream = $s AND revision = 2; UPDATE events SET revision = 2 WHERE stream = $s AND revision = -1", ("$s", Stream));
        var report = await VerifyAsync();
        Assert.False(report.Ok);
        Assert.All(report.Findings, f => Assert.Equal(TamperKind.Reordered, f.Kind));
        var finding = Assert.Single(report.Findings, f => f.EventId == _rows[2].Id);
        Assert.Equal(1UL, finding.Revision);
        Assert.Contains($"chained after revision 2 (event {_rows[1].Id})", finding.Detail);
        // Revision 1's event, now at 2, is named too: between it and the event it follows sits one chained after it.
        Assert.Contains(report.Findings, f => f.EventId == _rows[1].Id && f.Detail.Contains("after events chained later than it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_rows_with_swapped_contents_are_named_reordered()
    {
        // Swap everything but the place (position, revision, recorded time) of revisions 4 and 5.
        await Ledger.SqlAsync("""
            CREATE TEMP TABLE a AS SELECT event_id, type, data, metadata FROM events WHERE stream = $s AND revision = 4;
            CREATE TEMP TABLE b AS SELECT event_id, type, data, metadata FROM events WHERE stream = $s AND revision = 5;
            UPDATE events SET event_id = 'swap' WHERE stream = $s AND revision = 4;
            UPDATE events SET (event_id, type, data, metadata) = (SELECT event_id, type, data, metadata FROM a) WHERE stream = $s AND revision = 5;
            UPDATE events SET (event_id, type, data, metadata) = (SELECT event_id, type, data, metadata FROM b) WHERE stream = $s AND revision = 4;
            """, ("$s", Stream));
        var report = await VerifyAsync();
        Assert.False(report.Ok);
        Assert.All(report.Findings, f => Assert.Equal(TamperKind.Reordered, f.Kind));
        Assert.Contains(report.Findings, f => f.EventId == _rows[5].Id && f.Revision == 4);
    }

    [Fact]
    public async Task Two_rows_with_swapped_global_positions_are_named_reordered()
    {
        // Swap the global positions of revisions 4 and 5, both stored at one moment (as the events of one batch are): each
        // stream's chain, revisions and times are intact, and only the order of the log says revision 5 came first.
        await Ledger.SqlAsync("""
            UPDATE events SET recorded_at = (SELECT recorded_at FROM events WHERE stream = $s AND revision = 4) WHERE stream = $s AND revision = 5;
            CREATE TEMP TABLE p AS SELECT revision, position FROM events WHERE stream = $s AND revision IN (4, 5);
            UPDATE events SET position = -position WHERE stream = $s AND revision IN (4, 5);
            UPDATE events SET position = (SELECT position FROM p WHERE p.revision = 9 - events.revision) WHERE stream = $s AND revision IN (4, 5);
            """, ("$s", Stream));
        var finding = Only(await VerifyAsync());
        Names(finding, TamperKind.Reordered, 5, _rows[5].Id);
        Assert.Contains("before the event it follows (revision 4", finding.Detail, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task A_recorded_time_moved_into_the_future_on_the_logs_last_event_is_named_altered(int version)
    {
        await AtVersionAsync(version);
        // Nothing comes after it to run backwards from it, and the store would stamp every later event with it.
        var last = (await Ledger.EventsAsync("relationship-AF~US"))[^1].Recorded;
        var future = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await Ledger.SqlAsync("UPDATE events SET recorded_at = $t WHERE id_of(event_id) = $id", ("$t", future.UtcTicks), ("$id", last.EventId.ToString()));
        var finding = Only(await VerifyAsync());
        Assert.Equal((TamperKind.Altered, last.Stream, last.Revision, last.EventId), (finding.Kind, finding.Stream, finding.Revision, finding.EventId));
        Assert.Contains("recorded at 2099-01-01T00:00:00.0000000+00:00, after the clock of this verification", finding.Detail, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LedgerTamperedException>(() => Ledger.Send(new Application.Audit.Digest.TakeDigest()));
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task An_original_recorded_time_moved_into_the_future_is_named_altered_though_the_stored_time_is_untouched(int version)
    {
        await AtVersionAsync(version);
        // An imported event carries the time the ledger first learned it in its metadata, outside the hash; as-known-at
        // answers read that time, so a far-future one must not pass because the store's own time is fine.
        var last = (await Ledger.EventsAsync("relationship-AF~US"))[^1].Recorded;
        await Ledger.SqlAsync(
            "UPDATE events SET metadata = stored_like(metadata, json_set(json_of(metadata), '$.originallyRecordedAt', '2099-01-01T00:00:00+00:00')) WHERE id_of(event_id) = $id",
            ("$id", last.EventId.ToString()));
        var finding = Only(await VerifyAsync());
        Assert.Equal((TamperKind.Altered, last.Stream, last.Revision, last.EventId), (finding.Kind, finding.Stream, finding.Revision, finding.EventId));
        Assert.Contains("recorded at 2099-01-01T00:00:00.0000000+00:00, after the clock of this verification", finding.Detail, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task A_stored_time_moved_before_the_event_before_it_in_the_log_is_named_altered_and_no_digest_is_taken(int version)
    {
        await AtVersionAsync(version);
        // The first event of its stream: no chain link runs backwards, only the global log does. A digest would certify the time.
        var first = (await Ledger.EventsAsync("relationship-AF~US"))[0].Recorded;
        await Ledger.SqlAsync("UPDATE events SET recorded_at = (SELECT MIN(recorded_at) FROM events) WHERE id_of(event_id) = $id", ("$id", first.EventId.ToString()));
        var finding = Only(await VerifyAsync());
        Assert.Equal((TamperKind.Altered, first.Stream, first.EventId), (finding.Kind, finding.Stream, finding.EventId));
        Assert.Contains("a stored time was changed", finding.Detail, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LedgerTamperedException>(() => Ledger.Send(new Application.Audit.Digest.TakeDigest()));
    }

    [Fact]
    public async Task Other_streams_are_unaffected_by_tampering_in_one()
    {
        await Ledger.SqlAsync("DELETE FROM events WHERE stream = $s AND revision = 3", ("$s", Stream));
        var other = await Ledger.Send(new VerifyLedger("US", "AF"));
        Assert.True(other.Ok);
        Assert.DoesNotContain((await VerifyAsync()).Findings, f => f.Stream != Stream && f.Stream != HiddenStream.GlobalLog);
    }

    [Fact]
    public async Task An_unreadable_envelope_is_named_altered()
    {
        await Ledger.SqlAsync("UPDATE events SET metadata = CAST('{\"not\":\"an envelope\"}' AS BLOB) WHERE stream = $s AND revision = 6", ("$s", Stream));
        var finding = Only(await VerifyAsync());
        Names(finding, TamperKind.Altered, 6, _rows[6].Id);
        Assert.Contains("cannot be read", finding.Detail);
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task An_envelope_holding_half_a_surrogate_pair_is_named_altered_with_its_field(int version)
    {
        await AtVersionAsync(version);
        // Valid JSON whose text cannot be UTF-16: the finding names the field, and the rest of the ledger is still checked.
        await Ledger.SqlAsync("UPDATE events SET metadata = stored_like(metadata, replace(json_of(metadata), '\"recordedBy\":\"', '\"recordedBy\":\"\\ud800')) WHERE stream = $s AND revision = 4", ("$s", Stream));
        var finding = Only(await VerifyAsync());
        Names(finding, TamperKind.Altered, 4, _rows[4].Id);
        Assert.Contains("the envelope's recordedBy cannot be read as text: it is not valid Unicode", finding.Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// Appends <paramref name="events"/> events to the stream, each a copy of its last with a hash of its own ('000…001',
    /// '000…002', …) that its content does not produce, chained one onto the other, the first onto <paramref name="following"/>.
    /// </summary>
    private Task AppendAForgedWayAsync(int events, string following) => Ledger.SqlAsync("""
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $n)
        INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at)
        SELECT printf('00000000-0000-4000-8000-%012d', i), stream, revision + i, type, data,
               stored_like(metadata, json_set(json_of(metadata), '$.hash', printf('%064d', i),
                    '$.previousHash', CASE i WHEN 1 THEN $first ELSE printf('%064d', i - 1) END)),
               recorded_at + i
        FROM events, n WHERE stream = $s AND revision = (SELECT MAX(revision) FROM events WHERE stream = $s)
        ORDER BY i
        """, ("$n", events), ("$s", Stream), ("$first", following));

    /// <summary>
    /// Appends to the stream a copy of the row at <paramref name="revision"/> under a new id, recorded later than any: its
    /// content and hash as they are, or, <paramref name="claiming"/>, with the hash and previous hash its envelope claims forged.
    /// </summary>
    private async Task<Guid> AppendACopyAsync(ulong revision, (string Hash, string PreviousHash)? claiming = null)
    {
        var copy = Guid.NewGuid();
        await Ledger.SqlAsync("""
            INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at)
            SELECT $id, stream, (SELECT MAX(revision) + 1 FROM events WHERE stream = $s), type, data,
                   CASE WHEN $hash IS NULL THEN metadata
                        ELSE stored_like(metadata, json_set(json_of(metadata), '$.hash', $hash, '$.previousHash', $previous)) END,
                   recorded_at + 100000
            FROM events WHERE stream = $s AND revision = $r
            """, ("$id", copy.ToString()), ("$s", Stream), ("$r", (long)revision),
            ("$hash", (object?)claiming?.Hash ?? DBNull.Value), ("$previous", (object?)claiming?.PreviousHash ?? DBNull.Value));
        return copy;
    }

    private Task InsertAsync((Guid Id, string Type, byte[] Data, byte[] Metadata, string Hash) e, ulong revision) =>
        Ledger.SqlAsync("""
            INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at)
            VALUES ($id, $s, $rev, $type, $data, $meta, (SELECT MAX(recorded_at) FROM events))
            """, ("$id", e.Id.ToString()), ("$s", Stream), ("$rev", (long)revision), ("$type", e.Type), ("$data", e.Data), ("$meta", e.Metadata));
}
