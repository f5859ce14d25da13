using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Store.Conformance;
using RelationsLedger.Store.KurrentDb;
using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Audit.Tests.OnKurrentDb;

/// <summary>
/// Another client with write access to the server appends to a relationship stream an event of the ledger's own types, in
/// the form a command writes (docs/audit.md, "Events another client appended"). With a sound hash chain, only the event id
/// reservations the ledger's store writes before each of its events tell it was not the ledger's: verify and the digest name
/// it. Without a sound hash (none, or another event's), no reader of the log takes it for the ledger's. Skipped (never passed)
/// without KURRENTDB_CONNECTION_STRING; each test writes its own relationship, so the server needs no reset.
/// </summary>
public sealed class ForgedEventTests
{
    /// <summary>A client of the server that appends as any official client does: no event id reservation.</summary>
    internal static KurrentDbEventStore AnotherClient() =>
        new(KurrentDbConnection.Create(ServerUnderTest.Require()), ownsConnection: true) { ReservesEventIds = false };

    private static async Task<(Guid Id, string Hash)> AppendForgedAsync(TestLedger ledger, string organisation, Guid? id = null, bool sealedSoundly = true)
    {
        var stream = RelationshipKey.Of("RU", organisation).StreamName;
        var head = (await ledger.EventsAsync(stream))[^1];
        var forged = Forge.Event(stream, new EngagementHeld("RU", organisation, "forum", "Kazan", "A forum nobody held"), "2025-06", head.Envelope.Hash, id);
        // Without a sound hash: the head's hash claimed as its own, as a copy of the last event would claim it.
        var metadata = sealedSoundly ? forged.Metadata : System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(forged.Metadata).Replace(forged.Hash, head.Envelope.Hash, StringComparison.Ordinal));
        await using var other = AnotherClient();
        await other.AppendAsync(stream, ExpectedRevision.Any, [new EventData(forged.Id, forged.Type, forged.Data, metadata)]);
        return (forged.Id, forged.Hash);
    }

    [SkippableFact]
    public async Task An_event_another_client_chained_soundly_is_named_by_verify_and_no_digest_is_taken()
    {
        var (ledger, organisation) = await KurrentDbAuditTests.RecordedAsync("forged");
        await using var _ = ledger;
        var stream = RelationshipKey.Of("RU", organisation).StreamName;
        var (id, _) = await AppendForgedAsync(ledger, organisation);

        var one = await ledger.Send(new VerifyLedger("RU", organisation));
        var finding = Assert.Single(one.Findings);
        Assert.Equal((TamperKind.Inserted, stream, 4UL, id), (finding.Kind, finding.Stream, finding.Revision, finding.EventId));
        Assert.StartsWith($"the log holds no reservation of its event id (relationsledger-eventid-{id:N}), which the ledger's KurrentDB store writes before every event", finding.Detail);
        Assert.EndsWith("another client of the server appended it", finding.Detail);
        var whole = await ledger.Send(new VerifyLedger());
        Assert.Contains(whole.Findings, f => f.Kind == TamperKind.Inserted && f.EventId == id && f.Detail == finding.Detail);
        var refused = await Assert.ThrowsAsync<LedgerTamperedException>(() => ledger.Send(new TakeDigest()));
        Assert.Contains(refused.Findings, f => f.EventId == id && f.Kind == TamperKind.Inserted);
    }

    [SkippableFact]
    public async Task An_event_under_an_id_reserved_for_another_relationship_is_named_with_that_relationship()
    {
        var (ledger, organisation) = await KurrentDbAuditTests.RecordedAsync("forged");
        await using var _ = ledger;
        var (elsewhere, other) = await KurrentDbAuditTests.RecordedAsync("forged");
        await using var __ = elsewhere;
        var otherStream = RelationshipKey.Of("RU", other).StreamName;
        var taken = (await ledger.EventsAsync(otherStream))[1].EventId;
        await AppendForgedAsync(ledger, organisation, taken);

        var finding = Assert.Single((await ledger.Send(new VerifyLedger("RU", organisation))).Findings);
        Assert.Equal((TamperKind.Inserted, 4UL, taken), (finding.Kind, finding.Revision, finding.EventId));
        Assert.StartsWith($"its event id is reserved for {otherStream} (relationsledger-eventid-{taken:N}, position ", finding.Detail);
        // The whole ledger names it so too (the event the id was reserved for, earlier in the log, is the ledger's).
        var whole = await ledger.Send(new VerifyLedger());
        Assert.Equal([(TamperKind.Inserted, finding.Detail)], whole.Findings.Where(f => f.EventId == taken).Select(f => (f.Kind, f.Detail)));
    }

    [SkippableFact]
    public async Task An_event_another_client_appended_without_a_sound_hash_is_no_answer_of_the_read_model_and_no_record_of_history()
    {
        var (ledger, organisation) = await KurrentDbAuditTests.RecordedAsync("forged");
        await using var _ = ledger;
        var stream = RelationshipKey.Of("RU", organisation).StreamName;
        await ledger.Send(new GetRelationshipState("RU", organisation, "2025-12-31")); // the read model has applied the four events
        var (id, _) = await AppendForgedAsync(ledger, organisation, sealedSoundly: false);

        // The running read model meets it, and so does a new one made from the log: neither answers from it.
        await using var fresh = await TestLedger.OpenAsync(ServerUnderTest.Require());
        foreach (var asker in new[] { ledger, fresh })
        {
            var state = await Assert.ThrowsAsync<LedgerTamperedException>(() => asker.Send(new GetRelationshipState("RU", organisation, "2025-12-31")));
            var named = Assert.Single(state.Findings);
            Assert.Equal((TamperKind.Altered, stream, 4UL, id, LedgerEvent.Unsealed), (named.Kind, named.Stream, named.Revision, named.EventId, named.Detail));
            Assert.StartsWith($"An event of {stream} is not an event of this ledger", state.Message);
        }
        var history = await Assert.ThrowsAsync<LedgerTamperedException>(() => ledger.Send(new GetHistory("RU", organisation)));
        Assert.Contains(history.Findings, f => f.EventId == id && f.Kind == TamperKind.Altered);
        var verified = Assert.Single((await ledger.Send(new VerifyLedger("RU", organisation))).Findings);
        Assert.Equal((TamperKind.Altered, id), (verified.Kind, verified.EventId));
    }
}
