using System.Text;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Store.Conformance;

namespace RelationsLedger.Audit.Tests.OnKurrentDb;

/// <summary>
/// Another client of the server writes, into a relationship's stream or beside it, what is not the ledger's though it may look
/// so (round 54's hostile pass): an event of one of the ledger's type names with a foreign shape (fields missing, of the wrong
/// types) under a sound hash; the ledger's shape with metadata that is not JSON; a projection's link (<c>$&gt;</c>) or a system
/// event (<c>$metadata</c>) in the stream itself; the ledger's shape in a stream of its prefix that names no relationship; a
/// stream's metadata (<c>$$relationship-…</c>) that is not JSON. Every reader of the relationship — a question of the running
/// read model and of one rebuilt (on KurrentDB in log order), history, a command, verify, digest — refuses it or names it, as
/// docs/audit.md says; none answers as if nothing were there. Skipped (never passed) without KURRENTDB_CONNECTION_STRING; each
/// case writes a relationship of its own; the other client is <see cref="ForgedEventTests.AnotherClient"/>.
/// </summary>
public sealed class ForeignShapeTests
{
    public static TheoryData<string, string> RefusedCases() => new()
    {
        { "fields-missing", "Inserted" }, // a sound hash over foreign data: not decoded, and no reservation
        { "wrong-types", "Inserted" },
        { "metadata-not-json", "Altered" },
        { "link", "Altered" },
        { "system-event", "Altered" },
    };

    private static EventData Foreign(string kind, string stream, string organisation, string headHash)
    {
        var engagement = new EngagementHeld("RU", organisation, "forum", "Kazan", "A forum nobody held");
        byte[]? data = kind switch
        {
            "fields-missing" => Encoding.UTF8.GetBytes("""{"partyA":"RU"}"""),
            "wrong-types" => Encoding.UTF8.GetBytes($$"""{"partyA":5,"partyB":["{{organisation}}"],"kind":{"x":1},"place":true,"title":null}"""),
            _ => null,
        };
        var forged = Forge.Event(stream, engagement, "2025-06", headHash, data: data);
        return kind switch
        {
            "metadata-not-json" => new(forged.Id, forged.Type, forged.Data, Encoding.UTF8.GetBytes("not json {")),
            "link" => new(Guid.NewGuid(), "$>", Encoding.UTF8.GetBytes($"1@{stream}"), ReadOnlyMemory<byte>.Empty),
            "system-event" => new(Guid.NewGuid(), "$metadata", Encoding.UTF8.GetBytes("""{"$maxCount":1}"""), ReadOnlyMemory<byte>.Empty),
            _ => new(forged.Id, forged.Type, forged.Data, forged.Metadata),
        };
    }

    [SkippableTheory]
    [MemberData(nameof(RefusedCases))]
    public async Task What_another_client_wrote_into_a_relationship_is_refused_by_every_reader_and_named_by_verify_and_digest(string kind, string finding)
    {
        var (ledger, organisation) = await KurrentDbAuditTests.RecordedAsync("shape");
        await using var _ = ledger;
        var stream = RelationshipKey.Of("RU", organisation).StreamName;
        await ledger.Send(new GetRelationshipState("RU", organisation, "2025-12-31")); // the read model has applied the four events
        var head = (await ledger.EventsAsync(stream))[^1];
        await using (var other = ForgedEventTests.AnotherClient()) await other.AppendAsync(stream, ExpectedRevision.Any, [Foreign(kind, stream, organisation, head.Envelope.Hash)]);

        var refusal = $"An event of {stream} is not an event of this ledger";
        Assert.StartsWith(refusal, (await Assert.ThrowsAsync<LedgerTamperedException>(() => ledger.Send(new GetRelationshipState("RU", organisation, "2025-12-31")))).Message);
        await Assert.ThrowsAsync<LedgerTamperedException>(() => ledger.Send(new GetHistory("RU", organisation)));
        var named = Assert.Single((await ledger.Send(new VerifyLedger("RU", organisation))).Findings);
        Assert.Equal((finding, stream, 4UL), (named.Kind.ToString(), named.Stream, named.Revision));
        var digest = await Assert.ThrowsAsync<LedgerTamperedException>(() => ledger.Send(new TakeDigest()));
        Assert.Contains(digest.Findings, f => f.Stream == stream && f.Revision == 4);
        Assert.StartsWith(refusal, (await Assert.ThrowsAsync<LedgerTamperedException>(() =>
            ledger.Send(TestLedger.Provenanced(new HoldEngagement("RU", organisation, "forum", "Later", "Kazan") with { EffectiveDate = "2025-07" })))).Message);
        Assert.Equal(4, (await ledger.Store.ReadStreamAsync(stream, ReadDirection.Forwards, null, long.MaxValue).ToListAsync()).Count - 1); // nothing appended

        // A read model rebuilt from the log (on KurrentDB in one read of it, in order) meets it and refuses the same.
        await ledger.Runner.RebuildAsync();
        Assert.StartsWith(refusal, (await Assert.ThrowsAsync<LedgerTamperedException>(() => ledger.Send(new GetRelationshipState("RU", organisation, "2025-12-31")))).Message);
    }

    [SkippableFact]
    public async Task The_ledgers_shape_in_a_stream_of_its_prefix_that_names_no_relationship_is_named_by_verify_and_refuses_a_digest()
    {
        var (ledger, organisation) = await KurrentDbAuditTests.RecordedAsync("shape");
        await using var _ = ledger;
        var lookAlike = $"relationship-{organisation}~RU~x";
        var forged = Forge.Event(lookAlike, new EngagementHeld("RU", organisation, "forum", "Kazan", "A forum nobody held"), "2025-06", null);
        await using (var other = ForgedEventTests.AnotherClient()) await other.AppendAsync(lookAlike, ExpectedRevision.Any, [new EventData(forged.Id, forged.Type, forged.Data, forged.Metadata)]);

        var whole = await ledger.Send(new VerifyLedger());
        var named = Assert.Single(whole.Findings, f => f.Stream == lookAlike);
        Assert.Equal(TamperKind.Inserted, named.Kind);
        Assert.StartsWith($"'{lookAlike}' is not a stream of this ledger", named.Detail);
        Assert.Contains((await Assert.ThrowsAsync<LedgerTamperedException>(() => ledger.Send(new TakeDigest()))).Findings, f => f.Stream == lookAlike);
        // No question can be about it: the relationship of the same parties answers from its own four events, rebuilt too.
        await ledger.Runner.RebuildAsync();
        Assert.Equal(4, (await ledger.Send(new GetHistory("RU", organisation))).Count);
        await ledger.Send(new GetRelationshipState("RU", organisation, "2025-12-31"));
    }

    [SkippableFact]
    public async Task A_relationships_stream_metadata_that_is_not_json_hides_nothing()
    {
        var (ledger, organisation) = await KurrentDbAuditTests.RecordedAsync("shape");
        await using var _ = ledger;
        var stream = RelationshipKey.Of("RU", organisation).StreamName;
        await HiddenStreamTests.SetMetadataAsync(ledger, stream, "garbage {");

        Assert.True((await ledger.Send(new VerifyLedger("RU", organisation))).Ok);
        Assert.DoesNotContain(await ledger.Store.HiddenStreamsAsync().ToListAsync(), h => h.Stream == stream);
        var recorded = await ledger.Send(TestLedger.Provenanced(new HoldEngagement("RU", organisation, "forum", "Later", "Kazan") with { EffectiveDate = "2025-07" }));
        Assert.Equal(4UL, recorded.Revision);
        Assert.Equal(5, (await ledger.Send(new GetHistory("RU", organisation))).Count);
    }
}
