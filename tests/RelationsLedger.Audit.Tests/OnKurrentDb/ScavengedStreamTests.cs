using System.Text.Json.Nodes;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Projections;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;
using RelationsLedger.Store.Conformance;
using static RelationsLedger.Testing.ScavengingNode;

namespace RelationsLedger.Audit.Tests.OnKurrentDb;

/// <summary>
/// Another client (with the server's rights) soft-deletes, tombstones or truncates a relationship's stream, and the server
/// scavenges: the hidden events are gone from the global log too. A read model made afterwards — a rebuild, a first
/// catch-up batch by batch — must not answer about those relationships from what is left. Before, `ledger state` of such a
/// relationship answered "nothing recorded takes effect on or before this day" (exit 0) while verify named the removal.
/// Hidden but not scavenged, the events are still in the log: questions go on answering from them (docs/audit.md).
/// Needs a node that scavenges: on disk (a node started with --mem-db refuses to) and with small chunks (only a completed
/// chunk is scavenged, so the test writes a chunk's worth of filler: --chunk-size 1048576). Skipped otherwise, saying so.
/// </summary>
[Collection(Collection)]
public sealed class ScavengedStreamTests
{
    /// <summary>The tests that hide streams on the server: run one at a time, since a scavenge removes what the others read from the log.</summary>
    public const string Collection = "hidden streams on the server";

    [SkippableFact]
    public async Task A_read_model_made_after_a_scavenge_refuses_the_relationships_whose_events_are_gone_and_names_them()
    {
        using var admin = AdminOrSkip();
        var chunkSize = await ChunkSizeOrSkipAsync(admin);

        var (ledger, softDeleted) = await KurrentDbAuditTests.RecordedAsync("scav");
        await using var _ = ledger;
        var tombstoned = await RecordedAnotherAsync();
        var truncated = await RecordedAnotherAsync();
        string Stream(string organisation) => RelationshipKey.Of("RU", organisation).StreamName;
        await HiddenStreamTests.SetMetadataAsync(ledger, Stream(softDeleted), """{"$tb":9223372036854775807}""");
        await HiddenStreamTests.TombstoneAsync(Stream(tombstoned));
        await HiddenStreamTests.SetMetadataAsync(ledger, Stream(truncated), """{"$tb":2}""");
        await FillAChunkAsync(ledger.Store, chunkSize);

        await ScavengeAsync(admin);
        await WaitUntilGoneAsync(ledger, Stream(truncated), Stream(softDeleted), Stream(tombstoned));
        // Hidden after the scavenge: its events are still in the log, and answered from.
        var hiddenLater = await RecordedAnotherAsync();
        await HiddenStreamTests.SetMetadataAsync(ledger, Stream(hiddenLater), """{"$tb":2}""");

        // A rebuild (in bulk, stream by stream), then a read model caught up batch by batch from the start.
        await ledger.Runner.RebuildAsync();
        await AssertRefusedAsync(ledger, softDeleted, tombstoned, truncated, hiddenLater);
        var batchByBatch = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "batches.projections.db");
        using (var runner = new ProjectionRunner(new ReadModelDatabase(batchByBatch), ledger.Store, new RelationshipsProjection(), new ProjectionOptions { BulkLoadFrom = null }))
            await runner.CatchUpAsync();
        File.Delete(ledger.ReadModelPath);
        File.Move(batchByBatch, ledger.ReadModelPath);
        await AssertRefusedAsync(ledger, softDeleted, tombstoned, truncated, hiddenLater);
    }

    [SkippableFact]
    public async Task A_read_model_made_before_the_scavenge_refuses_a_relationship_it_restores_from_what_is_left()
    {
        // The read model is made while both relationships are whole; another client truncates one and soft-deletes the other,
        // the server scavenges, and the client appends to each a copy of its last event (the ledger refuses commands there).
        // A runner with nothing of them in memory (another process) restores each from its stream to apply the copy, and
        // must take what is left for what it is: not the whole record (the ledger's own restart, fd0adb1, on a real node).
        using var admin = AdminOrSkip();
        var chunkSize = await ChunkSizeOrSkipAsync(admin);

        var (ledger, truncated) = await KurrentDbAuditTests.RecordedAsync("scav");
        await using var _ = ledger;
        var softDeleted = await RecordedAnotherAsync();
        string Stream(string organisation) => RelationshipKey.Of("RU", organisation).StreamName;
        await ledger.Runner.CatchUpAsync();
        await ledger.Send(new GetRelationshipState("RU", truncated, "2010-01-01")); // answered: whole so far
        var lastEvents = new List<RecordedEvent>();
        foreach (var organisation in new[] { truncated, softDeleted })
            lastEvents.Add(await ledger.Store.ReadStreamAsync(Stream(organisation), ReadDirection.Backwards, null, 1).SingleAsync());

        await HiddenStreamTests.SetMetadataAsync(ledger, Stream(truncated), """{"$tb":2}""");
        await HiddenStreamTests.SetMetadataAsync(ledger, Stream(softDeleted), """{"$tb":9223372036854775807}""");
        await FillAChunkAsync(ledger.Store, chunkSize);
        await ScavengeAsync(admin);
        await WaitUntilFirstLeftAsync(ledger.Store, new Dictionary<string, ulong?> { [Stream(truncated)] = 2, [Stream(softDeleted)] = 3 });
        foreach (var last in lastEvents)
        {
            // Sealed again under its new id, as a client with the hash's specification would: a copy keeping the old hash is not
            // the ledger's to any reader (ALTERED, round 41), and this test asks what the restore makes of what is left.
            var id = Guid.NewGuid();
            var metadata = JsonNode.Parse(last.Metadata.Span)!.AsObject();
            await ledger.Store.AppendAsync(last.Stream, ExpectedRevision.Any,
                [new EventData(id, last.Type, last.Data, Resealed.Metadata(last.Stream, id, last.Type, last.Data.ToArray(), metadata))]);
        }
        using (var restarted = ledger.NewRunner()) await restarted.CatchUpAsync();

        var expected = new Dictionary<string, string>
        {
            [truncated] = "revisions 0–1 are not in the global log, whose first event of the stream is revision 2",
            [softDeleted] = "revisions 0–2 are not in the global log, whose first event of the stream is revision 3",
        };
        foreach (var (organisation, detail) in expected)
        {
            var refused = await Assert.ThrowsAsync<LedgerTamperedException>(() => ledger.Send(new GetRelationshipState("RU", organisation, "2010-01-01")));
            var finding = Assert.Single(refused.Findings);
            Assert.Equal((TamperKind.Removed, Stream(organisation)), (finding.Kind, finding.Stream));
            Assert.Contains(detail, finding.Detail, StringComparison.Ordinal);
            var of = await ledger.Send(new GetDesignationsOf(organisation, "2010-01-01"));
            Assert.Empty(of.Items);
            var named = Assert.Single(of.ReadModel!.PassedOver!.Events);
            Assert.Equal((TamperKind.Removed, Stream(organisation)), (named.Kind, named.Stream));
        }
    }

    private static async Task AssertRefusedAsync(TestLedger ledger, string softDeleted, string tombstoned, string truncated, string hiddenLater)
    {
        var expected = new Dictionary<string, string>
        {
            [softDeleted] = "revisions 0–2 are not in the global log, whose first event of the stream is revision 3",
            [tombstoned] = "the stream was deleted for good on the server (a tombstone) and the global log holds none of its events",
            [truncated] = "revisions 0–1 are not in the global log, whose first event of the stream is revision 2",
        };
        foreach (var (organisation, detail) in expected)
        {
            var refused = await Assert.ThrowsAsync<LedgerTamperedException>(() => ledger.Send(new GetRelationshipState("RU", organisation, "2010-01-01")));
            var finding = Assert.Single(refused.Findings);
            Assert.Equal((TamperKind.Removed, RelationshipKey.Of("RU", organisation).StreamName), (finding.Kind, finding.Stream));
            Assert.Contains(detail, finding.Detail, StringComparison.Ordinal);
        }
        // The designation imposed in 2003 and removed in 2025 was in force in 2010: answered from the log, which still holds it.
        await ledger.Send(new GetRelationshipState("RU", hiddenLater, "2010-01-01")); // answered, not refused

        // Across relationships: the answer says which relationships it could not answer for (its first 20 findings are named).
        var changed = await ledger.Send(new GetChangedRelationships("2003-01-01", "2003-12-31"));
        Assert.True(changed.ReadModel!.PassedOver!.Count >= 3);
        var removed = await ledger.Send(new GetDesignationsOf(softDeleted, "2010-01-01"));
        Assert.Empty(removed.Items);
        var named = Assert.Single(removed.ReadModel!.PassedOver!.Events);
        Assert.Equal((TamperKind.Removed, RelationshipKey.Of("RU", softDeleted).StreamName), (named.Kind, named.Stream));
        Assert.Single((await ledger.Send(new GetDesignationsOf(hiddenLater, "2010-01-01"))).Items);
    }

    /// <summary>The founding example's designation of another organisation new to the server (<see cref="KurrentDbAuditTests.RecordedAsync"/>).</summary>
    private static async Task<string> RecordedAnotherAsync()
    {
        var (ledger, organisation) = await KurrentDbAuditTests.RecordedAsync("scav");
        await ledger.DisposeAsync();
        return organisation;
    }

    /// <summary>Until the scavenge (which runs in the background) has taken the hidden events out of the global log.</summary>
    private static Task WaitUntilGoneAsync(TestLedger ledger, string truncated, string softDeleted, string tombstoned) =>
        // Kept by the scavenge: the last event of a truncated or soft-deleted stream; nothing of a tombstoned one.
        WaitUntilFirstLeftAsync(ledger.Store, new Dictionary<string, ulong?> { [truncated] = 2, [softDeleted] = 3, [tombstoned] = null });
}
