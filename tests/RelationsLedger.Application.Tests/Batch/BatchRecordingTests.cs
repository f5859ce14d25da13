using FluentValidation;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Commands.Relations;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using static RelationsLedger.Application.Tests.Batch.CubaBatch;

namespace RelationsLedger.Application.Tests.Batch;

/// <summary>Batches through MediatR, validation, decisions and a real SQLite store: decided as a whole, atomic, idempotent.</summary>
public sealed class BatchRecordingTests : IAsyncLifetime
{
    private TestLedger _ledger = null!;

    public async Task InitializeAsync() => _ledger = await TestLedger.OpenAsync();

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    private async Task RecordSinglesAsync()
    {
        foreach (var single in Singles) await _ledger.RecordAsync(single);
    }

    private async Task<bool?> DesignatedOn(string day, DateTimeOffset? knownAt = null)
    {
        var state = await _ledger.Send(new ReplayRelationshipState("US", "CU", day, knownAt));
        return state.Designations.Count == 0 ? null : state.Designations.Any(d => d.Status == ItemStatus.InForce);
    }

    [Fact]
    public async Task The_Cuba_timeline_is_entered_in_the_order_its_sources_were_found()
    {
        await RecordSinglesAsync();
        // Each of the pair alone contradicts the record.
        var on = await Assert.ThrowsAsync<CommandRefusedException>(() => _ledger.Send(Designate("2021-01-12")));
        Assert.Contains("would contradict DesignationImposed", on.Message);
        var off = await Assert.ThrowsAsync<CommandRefusedException>(() => _ledger.Send(Rescind("2025-01-14")));
        Assert.Contains("it ended on 2015-05-29", off.Message);
        var beforeBatch = _ledger.Clock.Now;
        _ledger.Clock.Advance(TimeSpan.FromSeconds(1));

        var (onId, offId) = (Guid.NewGuid(), Guid.NewGuid());
        var recorded = await _ledger.Send(Read(PairNdjson(onId, offId)));
        Assert.Equal([("line 1", onId, "DesignationImposed", 3UL, false), ("line 2", offId, "DesignationRemoved", 4UL, false)],
            recorded.Items.Select(i => (i.Item, i.EventId, i.Type, i.Revision, i.AlreadyRecorded)));
        Assert.Equal(onId, recorded.CorrelationId); // no correlation given: the first command's id

        var expected = new (string Day, bool InForce)[]
        {
            ("1982-02-28", false), ("1982-03-01", true), ("2015-05-28", true), ("2015-05-29", false), ("2021-01-11", false),
            ("2021-01-12", true), ("2025-01-13", true), ("2025-01-14", false), ("2025-01-19", false), ("2025-01-20", true), ("2026-01-01", true),
        };
        foreach (var (day, inForce) in expected)
            Assert.True((await DesignatedOn(day) ?? false) == inForce, $"as of {day}: expected {(inForce ? "designated" : "not designated")}");
        // Known at a moment before the batch: the old view, with no designation between 2015 and 2025-01-20.
        Assert.False(await DesignatedOn("2021-06-01", beforeBatch));
        Assert.False(await DesignatedOn("2025-01-14", beforeBatch));
        Assert.True(await DesignatedOn("2021-06-01"));

        var history = await _ledger.Send(new GetHistory("US", "CU"));
        Assert.Equal([onId, onId], history.Where(e => e.CorrelationId == onId).Select(e => e.CorrelationId));
        Assert.True((await _ledger.Send(new VerifyLedger())).Ok);
    }

    [Fact]
    public async Task A_batch_with_one_invalid_item_writes_nothing_and_names_the_item_and_field()
    {
        await RecordSinglesAsync();
        var before = await StoreFingerprint.OfAsync(_ledger.Path);
        var json = PairNdjson(Guid.NewGuid(), Guid.NewGuid()).Replace("\"effectiveDate\": \"2025-01-14\"", "\"effectiveDate\": \"2999-01-14\"");
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => _ledger.Send(Read(json)));
        var failure = Assert.Single(invalid.Errors);
        Assert.Equal("line 2.effectiveDate", failure.PropertyName);
        Assert.Contains("in the future", failure.ErrorMessage);
        Assert.Equal(before, await StoreFingerprint.OfAsync(_ledger.Path));
    }

    [Fact]
    public async Task A_batch_over_several_relationships_with_one_refused_item_writes_nothing_anywhere()
    {
        await RecordSinglesAsync();
        var before = await StoreFingerprint.OfAsync(_ledger.Path);
        var batch = new RecordBatch(
        [
            new("commands[0]", TestLedger.Sourced(new EstablishRelations("US", "VN"), "1995-07-12")),
            new("commands[1]", Designate("2021-01-12")),
            new("commands[2]", Rescind("2025-01-14")),
            new("commands[3]", Rescind("2025-01-15")),      // nothing in force to rescind on the 15th
        ]);
        var refused = await Assert.ThrowsAsync<BatchRefusedException>(() => _ledger.Send(batch));
        var item = Assert.Single(refused.Refused);
        Assert.Equal(("commands[3]", "remove-designation", "DesignationRemoved"), (item.Item, item.Command, item.Type));
        Assert.Contains("it ended on 2025-01-14", item.Conflict.Message);
        Assert.Contains("commands[3] (remove-designation)", refused.Message);
        Assert.Equal(before, await StoreFingerprint.OfAsync(_ledger.Path));
        Assert.Empty(await _ledger.EventsAsync(RelationshipKey.Of("US", "VN").StreamName));
    }

    [Fact]
    public async Task A_retried_batch_records_nothing_twice_and_answers_as_before()
    {
        await RecordSinglesAsync();
        var json = PairNdjson(Guid.NewGuid(), Guid.NewGuid());
        var first = await _ledger.Send(Read(json));
        var events = (await _ledger.AllEvents()).Count;
        var retry = await _ledger.Send(Read(json));
        Assert.All(retry.Items, i => Assert.True(i.AlreadyRecorded));
        Assert.Equal(first.Items.Select(i => (i.EventId, i.Revision, i.Position)), retry.Items.Select(i => (i.EventId, i.Revision, i.Position)));
        Assert.Equal(0, retry.NewlyRecorded);
        Assert.Equal(events, (await _ledger.AllEvents()).Count);
    }

    [Fact]
    public async Task A_retry_that_extends_a_recorded_batch_records_only_the_new_items()
    {
        await RecordSinglesAsync();
        var (onId, offId) = (Guid.NewGuid(), Guid.NewGuid());
        var pair = Read(PairNdjson(onId, offId));
        await _ledger.Send(pair);
        var longer = pair with { Items = [.. pair.Items, new BatchItem("line 3", TestLedger.Sourced(new EstablishRelations("US", "CU"), "2015-07-20") with { CorrelationId = onId })] };
        var recorded = await _ledger.Send(longer);
        Assert.Equal([true, true, false], recorded.Items.Select(i => i.AlreadyRecorded));
    }

    [Fact]
    public async Task A_recorded_command_id_with_other_content_refuses_the_whole_batch()
    {
        await RecordSinglesAsync();
        var (onId, offId) = (Guid.NewGuid(), Guid.NewGuid());
        await _ledger.Send(Read(PairNdjson(onId, offId)));
        var before = await StoreFingerprint.OfAsync(_ledger.Path);
        var changed = PairNdjson(onId, offId).Replace("2025-01-14", "2025-01-15");
        var reused = await Assert.ThrowsAsync<CommandIdReusedException>(() => _ledger.Send(Read(changed)));
        Assert.Equal(offId, reused.CommandId);
        Assert.Equal("line 2", reused.Item); // named as the batch's other refusals are (before round 42, by the id alone)
        Assert.StartsWith($"line 2: Command id {offId} was already used for a different command", reused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await StoreFingerprint.OfAsync(_ledger.Path));
    }

    /// <summary>
    /// The same commands in another order are another batch: one that gives no correlationId takes its first command's id,
    /// which each event records. The refusal says that this is all that differs, and how to retry (it said the command id
    /// "records other content", of a command sent exactly as before).
    /// </summary>
    [Fact]
    public async Task A_batch_retried_in_another_order_is_refused_naming_the_correlation_id_as_what_differs()
    {
        await RecordSinglesAsync();
        var (onId, offId) = (Guid.NewGuid(), Guid.NewGuid());
        await _ledger.Send(Read(PairNdjson(onId, offId)));
        var before = await StoreFingerprint.OfAsync(_ledger.Path);
        var lines = PairNdjson(onId, offId).Split('\n');
        var reordered = Read(string.Join('\n', lines.Reverse()));
        var reused = await Assert.ThrowsAsync<CommandIdReusedException>(() => _ledger.Send(reordered));
        Assert.Contains($"differs only in its correlation id: it was recorded with {onId}, and this one gives {offId}", reused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await StoreFingerprint.OfAsync(_ledger.Path));
        // Retried with the recorded correlation id, the same commands in that order are the recorded ones.
        var retried = await _ledger.Send(reordered with { CorrelationId = onId, Items = [.. reordered.Items.Select(i => i with { Command = i.Command with { CorrelationId = onId } })] });
        Assert.All(retried.Items, i => Assert.True(i.AlreadyRecorded));
    }

    [Fact]
    public async Task A_command_id_recorded_in_another_relationship_refuses_the_whole_batch_on_the_embedded_store()
    {
        var elsewhere = await _ledger.Send(TestLedger.Sourced(new EstablishRelations("US", "VN"), "1995-07-12"));
        var before = await StoreFingerprint.OfAsync(_ledger.Path);
        var batch = new RecordBatch(
        [
            new("commands[0]", TestLedger.Sourced(new EstablishRelations("US", "MX"), "1822")),
            new("commands[1]", Designate("1982-03-01") with { CommandId = elsewhere.EventId }),
        ]);
        var reused = await Assert.ThrowsAsync<CommandIdReusedException>(() => _ledger.Send(batch));
        Assert.Equal(elsewhere.EventId, reused.CommandId);
        Assert.Equal("commands[1]", reused.Item);
        Assert.Equal(before, await StoreFingerprint.OfAsync(_ledger.Path));
    }

    /// <summary>
    /// Found by round 37's hostile tester: a batch that records a designation and corrects a field of it (the analyst's
    /// second look at the same source) was refused with a false reason — "it changes nothing: event … already reads
    /// 2021-01-12; give the values that differ" — for a correction that changes the authority; its retraction was "not in
    /// relationship CU~US", of an event the batch holds. Both are refused as before (a mend mends what is recorded), saying why.
    /// </summary>
    [Fact]
    public async Task A_mend_of_a_command_of_the_same_batch_is_refused_saying_that_its_target_is_in_the_batch()
    {
        var (on, off) = (Guid.NewGuid(), Guid.NewGuid());
        const string sources = "\"sources\": [{\"publisher\": \"US Department of State\", \"title\": \"Errata\"}], \"recordedBy\": \"analyst\"";
        var json = PairNdjson(on, off) + "\n" +
            $$$"""{"command": "correct-entry", "partyA": "US", "partyB": "CU", "target": "{{{on}}}", "reason": "the President signed it", "changes": {"authority": "President"}, {{{sources}}}}""" + "\n" +
            $$$"""{"command": "retract-entry", "partyA": "US", "partyB": "CU", "target": "{{{off}}}", "reason": "a misread date", {{{sources}}}}""";

        var refused = await Assert.ThrowsAsync<BatchRefusedException>(() => _ledger.Send(Read(json)));

        Assert.Equal(["line 3", "line 4"], refused.Refused.Select(r => r.Item));
        Assert.Equal([on, off], refused.Refused.Select(r => r.Conflict.ConflictingEventId));
        Assert.All(refused.Refused, r => Assert.StartsWith($"event {r.Conflict.ConflictingEventId} is a command of this same batch, not recorded yet", r.Conflict.Message, StringComparison.Ordinal));
        Assert.Empty(await _ledger.AllEvents());
    }

    [Fact]
    public async Task One_command_id_twice_in_a_batch_is_invalid_input()
    {
        await RecordSinglesAsync();
        var id = Guid.NewGuid();
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => _ledger.Send(Read(PairNdjson(id, id))));
        var failure = Assert.Single(invalid.Errors);
        Assert.Equal("line 2.commandId", failure.PropertyName);
        Assert.Contains("line 1 as well", failure.ErrorMessage);
    }

    [Fact]
    public async Task Every_invalid_item_is_named_at_once_and_an_empty_batch_is_refused()
    {
        var batch = new RecordBatch(
        [
            new("commands[0]", TestLedger.Sourced(new EstablishRelations("US", "US"), "1995")),
            new("commands[1]", Designate("1982") with { RecordedBy = "", Sources = [] }),
        ]);
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => _ledger.Send(batch));
        Assert.Equal(["commands[0].partyB", "commands[1].recordedBy", "commands[1].sources"], invalid.Errors.Select(e => e.PropertyName).Order());
        var empty = await Assert.ThrowsAsync<ValidationException>(() => _ledger.Send(new RecordBatch([])));
        Assert.Contains("empty", Assert.Single(empty.Errors).ErrorMessage);
        Assert.Empty(await _ledger.AllEvents());
    }

    [Fact]
    public async Task Single_commands_racing_a_batch_are_all_recorded_and_the_batch_lands_whole()
    {
        await RecordSinglesAsync();
        var batch = Read(PairNdjson(Guid.NewGuid(), Guid.NewGuid()));
        var singles = Enumerable.Range(0, 8).Select(i => TestLedger.Sourced(new PledgeCooperation("US", "CU", $"migration {i}", null), $"2016-0{i + 1}")).ToList();
        var tasks = singles.Select(s => Task.Run(() => _ledger.Send(s))).ToList();
        var recorded = await Task.Run(() => _ledger.Send(batch));
        await Task.WhenAll(tasks);

        var events = await _ledger.EventsAsync(RelationshipKey.Of("US", "CU").StreamName);
        Assert.Equal(3 + 8 + 2, events.Count);
        // One append: the batch's two events are next to each other in the stream.
        Assert.Equal(recorded.Items[0].Revision + 1, recorded.Items[1].Revision);
        Assert.True(await DesignatedOn("2021-06-01"));
        Assert.True((await _ledger.Send(new VerifyLedger())).Ok);
    }
}
