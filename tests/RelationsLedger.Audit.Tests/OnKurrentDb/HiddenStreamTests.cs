using System.Text;
using Google.Protobuf;
using Grpc.Net.Client;
using RelationsLedger.Audit.Tests.OnKurrentDb.Admin;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Output;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Projections;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;
using RelationsLedger.Store.Conformance;

namespace RelationsLedger.Audit.Tests.OnKurrentDb;

/// <summary>
/// Someone with the server's rights hides a relationship's recorded events — its stream's metadata truncates it, keeps
/// only its last events, or soft-deletes it. The server keeps the events in its global log until it scavenges, so the
/// chains checked there still verify: the audit must name the hiding all the same, and no command, question or
/// digest may treat what is left as the whole record. Skipped (never passed) without KURRENTDB_CONNECTION_STRING;
/// each test writes its own relationship, so the server needs no reset.
/// </summary>
[Collection(ScavengedStreamTests.Collection)] // a scavenge removes the hidden events these tests read from the global log
public sealed class HiddenStreamTests
{
    private static async Task<(TestLedger Ledger, string Organisation, string Stream)> RecordedAsync()
    {
        var (ledger, organisation) = await KurrentDbAuditTests.RecordedAsync("hidden");
        return (ledger, organisation, RelationshipKey.Of("RU", organisation).StreamName);
    }

    /// <summary>What a server's admin does: write the stream's metadata (a soft delete is <c>$tb</c> at its maximum).</summary>
    internal static Task SetMetadataAsync(TestLedger ledger, string stream, string json) =>
        ledger.Store.AppendAsync("$$" + stream, ExpectedRevision.Any, [new EventData(Guid.NewGuid(), "$metadata", Encoding.UTF8.GetBytes(json), Array.Empty<byte>())]);

    public static TheoryData<string, string> Hidings => new()
    {
        { """{"$tb":2}""", "revisions 0–1 are hidden by its metadata (truncate before 2)" },
        { """{"$maxCount":1}""", "its metadata lets only its last 1 event(s) be read (max count)" },
        { """{"$tb":9223372036854775807}""", "the stream was deleted on the server (a soft delete: every revision is hidden)" },
        // Truncated past its last event: the server reads the stream as existing and empty, not as deleted.
        { """{"$tb":4}""", "revisions 0–3 are hidden by its metadata (truncate before 4)" },
    };

    [SkippableTheory]
    [MemberData(nameof(Hidings))]
    public async Task Verify_names_the_hidden_events_of_the_relationship_and_of_the_whole_ledger(string metadata, string how)
    {
        var (ledger, organisation, stream) = await RecordedAsync();
        await using var _ = ledger;
        Assert.True((await ledger.Send(new VerifyLedger("RU", organisation))).Ok);

        await SetMetadataAsync(ledger, stream, metadata);

        var one = await ledger.Send(new VerifyLedger("RU", organisation));
        Assert.False(one.Ok);
        var finding = Assert.Single(one.Findings);
        Assert.Equal((TamperKind.Removed, stream), (finding.Kind, finding.Stream));
        Assert.Contains(how, finding.Detail);
        var whole = await ledger.Send(new VerifyLedger());
        Assert.False(whole.Ok);
        Assert.Contains(whole.Findings, f => f.Kind == TamperKind.Removed && f.Stream == stream && f.Detail == how);
        var refused = await Assert.ThrowsAsync<LedgerTamperedException>(() => ledger.Send(new TakeDigest()));
        Assert.Contains(refused.Findings, f => f.Stream == stream && f.Detail == how);
    }

    [SkippableTheory]
    [MemberData(nameof(Hidings))]
    public async Task No_command_or_question_takes_what_is_left_for_the_whole_record_and_nothing_is_recorded(string metadata, string how)
    {
        var (recorded, organisation, stream) = await RecordedAsync();
        await using (recorded) await SetMetadataAsync(recorded, stream, metadata);
        // A new process: nothing of the relationship in memory, as the CLI and a restarted server read it.
        await using var ledger = await TestLedger.OpenAsync(ServerUnderTest.Require());
        var inLog = await LogCountAsync(ledger, stream);

        // The designation removed in 2025 was in force in 2010: with its imposition hidden, a second one would be accepted.
        var command = await Assert.ThrowsAsync<StreamHiddenException>(() => ledger.Send(TestLedger.Provenanced(
            new ImposeDesignation("RU", organisation, "Federal list of terrorist organisations", "Supreme Court") with { EffectiveDate = "2010" })));
        Assert.Equal((stream, how), (command.Hidden.Stream, command.Hidden.How));
        var history = await Assert.ThrowsAsync<StreamHiddenException>(() => ledger.Send(new GetHistory("RU", organisation)));
        Assert.Equal(stream, history.Hidden.Stream);
        Assert.Equal(inLog, await LogCountAsync(ledger, stream));
    }

    /// <summary>Metadata that hides none of the relationship's 4 events yet, but would once one more is appended, or as they age.</summary>
    public static TheoryData<string, string> Retentions => new()
    {
        { """{"$maxCount":4}""", "its metadata lets only its last 4 event(s) be read (max count)" },
        { """{"$maxAge":31536000}""", "its metadata hides events older than 31536000 s (max age)" },
    };

    [SkippableTheory]
    [MemberData(nameof(Retentions))]
    public async Task A_command_is_refused_not_recorded_where_its_event_would_have_the_server_hide_recorded_ones(string metadata, string how)
    {
        var (recorded, organisation, stream) = await RecordedAsync();
        await using (recorded) await SetMetadataAsync(recorded, stream, metadata);
        await using var ledger = await TestLedger.OpenAsync(ServerUnderTest.Require());
        // Nothing is hidden yet: the relationship reads whole.
        Assert.Equal(4, (await ledger.Send(new GetHistory("RU", organisation))).Count);

        // Before (round 53) it was recorded at revision 4, and the server hid revision 0 from then on (max count).
        var refused = await Assert.ThrowsAsync<StreamHiddenException>(() => ledger.Send(TestLedger.Provenanced(
            new HoldEngagement("RU", organisation, "forum", "A later forum", "Kazan") with { EffectiveDate = "2025-06" })));
        Assert.Equal((stream, how), (refused.Hidden.Stream, refused.Hidden.How));
        Assert.Contains("Nothing was appended", refused.Message, StringComparison.Ordinal);
        Assert.Equal(4, await LogCountAsync(ledger, stream));
        Assert.Equal(4, (await ledger.Send(new GetHistory("RU", organisation))).Count);
    }

    [SkippableTheory]
    [MemberData(nameof(Hidings))]
    public async Task The_read_model_is_made_from_the_global_log_which_still_holds_the_hidden_events(string metadata, string how)
    {
        var (ledger, _, stream) = await RecordedAsync();
        await using var _ = ledger;
        var recorded = await LoggedStream.ReadAsync(ledger.Store, stream, default).ToListAsync();
        await SetMetadataAsync(ledger, stream, metadata);
        Assert.NotNull(how);

        // A rebuild (and a relationship the live projection brings back) reads the stream's events from the log; a
        // checkpoint on one of them stands, so the read model is not rebuilt on every question.
        var read = await LoggedStream.ReadAsync(ledger.Store, stream, default).ToListAsync();
        Assert.Equal(recorded.Select(e => (e.EventId, e.Revision, e.Position)), read.Select(e => (e.EventId, e.Revision, e.Position)));
        var first = recorded[0];
        Assert.Equal(first.Position, await LoggedStream.PositionOfAsync(ledger.Store, stream, first.Revision, first.EventId, first.Position, default));
        Assert.Null(await LoggedStream.PositionOfAsync(ledger.Store, stream, first.Revision, Guid.NewGuid(), first.Position, default));
    }

    [SkippableTheory]
    [MemberData(nameof(Hidings))]
    public async Task An_export_of_the_whole_ledger_names_the_hidden_streams_it_writes(string metadata, string how)
    {
        var (ledger, _, stream) = await RecordedAsync();
        await using var _ = ledger;
        await SetMetadataAsync(ledger, stream, metadata);

        // The global log still holds the events (no scavenge here): the file has them, and says the store hides them.
        var file = new MemoryStream();
        var exported = await ledger.Send(new ExportEvents(file));

        Assert.Contains(stream, Encoding.UTF8.GetString(file.ToArray()), StringComparison.Ordinal);
        Assert.Contains(exported.Hidden, h => h.StartsWith($"{stream}: {how}", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_digest_taken_before_the_stream_was_truncated_no_longer_matches()
    {
        var (ledger, _, stream) = await RecordedAsync();
        await using var __ = ledger;
        var digest = await KurrentDbAuditTests.DigestOrSkipAsync(ledger, stream);

        await SetMetadataAsync(ledger, stream, """{"$tb":3}""");

        var later = await ledger.Send(new VerifyLedger(Digest: digest.Token));
        Assert.False(later.Digest!.Matches);
        Assert.Contains($"{stream}: revisions 0–2 are hidden by its metadata (truncate before 3)", later.Digest.Detail);
        Assert.False(later.Ok);
    }

    [SkippableFact]
    public async Task A_stream_deleted_for_good_is_named_by_verify_refuses_commands_and_its_tombstone_is_no_event_of_the_log()
    {
        var (ledger, organisation, stream) = await RecordedAsync();
        await using var _ = ledger;
        await TombstoneAsync(stream);
        const string how = "the stream was deleted for good on the server (a tombstone): none of its events can be read";

        var one = await ledger.Send(new VerifyLedger("RU", organisation));
        var finding = Assert.Single(one.Findings);
        Assert.Equal((TamperKind.Removed, stream, how), (finding.Kind, finding.Stream, finding.Detail));
        var whole = await ledger.Send(new VerifyLedger());
        // Named once, as removed: the server's tombstone record is not read as an altered event.
        Assert.Equal([(TamperKind.Removed, how)], whole.Findings.Where(f => f.Stream == stream).Select(f => (f.Kind, f.Detail)));
        var command = await Assert.ThrowsAsync<StreamHiddenException>(() => ledger.Send(TestLedger.Provenanced(
            new HoldEngagement("RU", organisation, "forum", "After the deletion", "Kazan") with { EffectiveDate = "2025-07" })));
        Assert.Equal((stream, how), (command.Hidden.Stream, command.Hidden.How));
        // Readers of the global log (catch-ups, the feed) get the stream's events and no tombstone to choke on.
        var inLog = (await ledger.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships).ToListAsync()).Where(e => e.Stream == stream).ToList();
        Assert.Equal([0UL, 1, 2, 3], inLog.Select(e => e.Revision));
    }

    [SkippableFact]
    public async Task A_read_model_takes_a_tombstone_after_the_streams_events_for_no_event_and_answers_from_the_log()
    {
        // Not scavenged, the deleted stream's events are still in the global log, followed by the server's tombstone record.
        // Every path that makes the read model meets the tombstone: a live subscription after the stream's events, a rebuild
        // (stream by stream) and a first catch-up batch by batch. None may take it for an event that is not the ledger's —
        // that would refuse every question about the relationship, naming as altered a record no one altered.
        var (ledger, organisation, stream) = await RecordedAsync();
        await using var _ = ledger;
        var question = new GetRelationshipState("RU", organisation, "2010-01-01");
        await ledger.Runner.CatchUpAsync();
        var before = Json.Write(await ledger.Send(question) with { ReadModel = null, KnownAt = null });
        Assert.Single((await ledger.Send(new GetDesignationsOf(organisation, "2010-01-01"))).Items);

        // A live runner (its subscription to the log) is running when the stream is deleted, and must pass the tombstone.
        using var live = ledger.NewRunner(new ProjectionOptions { CatchUpBeforeQuery = false, BulkLoadFrom = null });
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var running = live.RunLiveAsync(stop.Token);
        await TombstoneAsync(stream);
        var tombstone = Assert.Single(await ledger.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.RelationshipsAndTombstones).ToListAsync(),
            e => e.Stream == stream && Tombstone.Is(e)); // the tombstone is in the log the read model reads
        while (live.ReadCheckpoint().Position != tombstone.Position)
        {
            Assert.False(running.IsCompleted, running.Exception?.ToString());
            Assert.Null(live.ReadCheckpoint().Failure);
            await Task.Delay(20, stop.Token); // cancelled after a minute: the subscription never delivered the tombstone
        }
        await stop.CancelAsync();
        await running;

        async Task AssertAnsweredAsBeforeAsync(string path)
        {
            Assert.True(before == Json.Write(await ledger.Send(question) with { ReadModel = null, KnownAt = null }), $"{path}: the state as of 2010 changed");
            var of = await ledger.Send(new GetDesignationsOf(organisation, "2010-01-01"));
            Assert.Single(of.Items);
            Assert.True(of.ReadModel?.PassedOver is null || of.ReadModel.PassedOver.Events.All(e => e.Stream != stream),
                $"{path}: the answer names the deleted stream as passed over");
        }
        await AssertAnsweredAsBeforeAsync("live, subscribed when the stream was deleted");
        await ledger.Runner.RebuildAsync();
        await AssertAnsweredAsBeforeAsync("rebuilt");
        var batchByBatch = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "tombstone-batches.projections.db");
        using (var runner = new ProjectionRunner(new ReadModelDatabase(batchByBatch), ledger.Store, new RelationshipsProjection(), new ProjectionOptions { BulkLoadFrom = null }))
            await runner.CatchUpAsync();
        File.Delete(ledger.ReadModelPath);
        File.Move(batchByBatch, ledger.ReadModelPath);
        await AssertAnsweredAsBeforeAsync("caught up batch by batch from the start");
    }

    /// <summary>What a server's admin does to delete a stream for good: a call the ledger never makes.</summary>
    internal static async Task TombstoneAsync(string stream)
    {
        var connection = ServerUnderTest.Require();
        Skip.IfNot(connection.Contains("tls=false", StringComparison.OrdinalIgnoreCase), "The tombstone is written over plain HTTP/2; the server under test uses TLS.");
        var hostAndPort = connection[(connection.IndexOf("://", StringComparison.Ordinal) + 3)..].Split(',', '?', '/')[0];
        hostAndPort = hostAndPort[(hostAndPort.IndexOf('@') + 1)..];
        using var channel = GrpcChannel.ForAddress($"http://{hostAndPort}");
        await new Streams.StreamsClient(channel).TombstoneAsync(new TombstoneReq
        {
            Options = new() { StreamIdentifier = new() { StreamName = ByteString.CopyFromUtf8(stream) }, Any = new() },
        });
    }

    /// <summary>The stream's events still in the global log (the server hides them from the stream, not from $all).</summary>
    internal static async Task<int> LogCountAsync(TestLedger ledger, string stream) =>
        (await ledger.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships).ToListAsync()).Count(e => e.Stream == stream);
}
