using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Aspects;
using FluentValidation;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Tests.Pipeline;

/// <summary>Commands through MediatR, validation, decisions and a real SQLite store.</summary>
public sealed class RecordingTests : IAsyncLifetime
{
    private TestLedger _ledger = null!;

    public async Task InitializeAsync() => _ledger = await TestLedger.OpenAsync();

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    private static ImposeDesignation Impose(string list = "Federal list") => TestLedger.Sourced(new ImposeDesignation("RU", "taliban", list, "Supreme Court"), "2003-02-14");
    private static RemoveDesignation Remove(string effective = "2025-04-17") => TestLedger.Sourced(new RemoveDesignation("RU", "taliban", "Federal list", "Supreme Court"), effective);

    [Fact]
    public async Task A_recorded_command_becomes_one_event_with_its_envelope()
    {
        var command = Impose() with { CorrelationId = Guid.NewGuid() };
        var recorded = await _ledger.Send(command);
        Assert.Equal((command.CommandId, "DesignationImposed", "relationship-RU~taliban", 0UL, false),
            (recorded.EventId, recorded.Type, recorded.Stream, recorded.Revision, recorded.AlreadyRecorded));

        var entry = Assert.Single(await _ledger.Send(new GetHistory("taliban", "RU")));
        Assert.Equal(("2003-02-14", "tester", command.CorrelationId!.Value, command.CorrelationId.Value), (entry.EffectiveDate.ToString(), entry.RecordedBy, entry.CorrelationId, entry.CausationId));
        Assert.Equal("https://example.org/report", Assert.Single(entry.Sources).Url);
        Assert.Equal("Federal list", entry.Data.GetProperty("list").GetString());

        var state = await _ledger.Send(new ReplayRelationshipState("RU", "taliban", "2024-12-31"));
        Assert.Equal((ItemStatus.InForce, command.CommandId), (Assert.Single(state.Designations).Status, state.Designations[0].Item.EventId));
    }

    [Fact]
    public async Task A_refused_command_names_the_conflict_and_writes_nothing()
    {
        var imposed = await _ledger.Send(Impose());
        var refused = await Assert.ThrowsAsync<CommandRefusedException>(() => _ledger.Send(Impose() with { EffectiveDate = "2010" }));
        Assert.Equal(imposed.EventId, refused.Conflict.ConflictingEventId);
        Assert.Single(await _ledger.AllEvents());
    }

    [Fact]
    public async Task Retrying_the_same_command_id_records_once_and_returns_the_first_result()
    {
        var command = Impose();
        var first = await _ledger.Send(command);
        var retry = await _ledger.Send(command);
        Assert.True(retry.AlreadyRecorded);
        Assert.Equal((first.EventId, first.Revision, first.Position), (retry.EventId, retry.Revision, retry.Position));
        Assert.Single(await _ledger.AllEvents());
    }

    [Fact]
    public async Task A_command_id_reused_for_another_relationship_is_refused_naming_where_it_was_used()
    {
        var command = Impose();
        await _ledger.Send(command);
        var other = TestLedger.Sourced(new ImposeDesignation("US", "taliban", "FTO list", "State Department"), "2002") with { CommandId = command.CommandId };
        var refused = await Assert.ThrowsAsync<CommandIdReusedException>(() => _ledger.Send(other));
        Assert.Equal("relationship-RU~taliban", refused.Stream);
        Assert.Single(await _ledger.AllEvents());
    }

    [Fact]
    public async Task Concurrent_writers_on_one_relationship_all_land_with_no_lost_events()
    {
        var commands = Enumerable.Range(0, 8).Select(i => Impose($"List {i}")).ToList();
        var results = await Task.WhenAll(commands.Select(c => Task.Run(() => _ledger.Send(c))));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (ulong)i), results.Select(r => r.Revision).Order());
        var events = await _ledger.AllEvents();
        Assert.Equal(commands.Select(c => c.CommandId).Order(), events.Select(e => e.EventId).Order());
    }

    [Fact]
    public async Task Of_two_concurrent_contradictory_commands_exactly_one_is_accepted()
    {
        await _ledger.Send(Impose());
        var attempts = new[] { Remove(), Remove("2025-04-18") }.Select(c => Task.Run(async () =>
        {
            try
            {
                await _ledger.Send(c);
                return true;
            }
            catch (CommandRefusedException)
            {
                return false;
            }
        }));
        Assert.Single(await Task.WhenAll(attempts), accepted => accepted);
        Assert.Equal(2, (await _ledger.AllEvents()).Count);
    }

    [Fact]
    public async Task Each_event_is_chained_to_the_one_before_it_and_its_hash_can_be_recomputed()
    {
        await _ledger.Send(Impose());
        await _ledger.Send(Remove());
        await _ledger.Send(Impose() with { EffectiveDate = "2026-01" });
        var events = (await _ledger.AllEvents()).Select(LedgerEvent.Decode).ToList();

        Assert.Null(events[0].Envelope.PreviousHash);
        for (var i = 0; i < events.Count; i++)
        {
            var (e, env) = (events[i], events[i].Envelope);
            if (i > 0) Assert.Equal(events[i - 1].Envelope.Hash, env.PreviousHash);
            var recomputed = EventHash.Compute(e.Recorded.Stream, e.EventId, e.Recorded.Type, env.SchemaVersion, env.EffectiveDate, env.RecordedBy,
                env.Sources, env.CorrelationId, env.CausationId, e.Recorded.Data.Span, env.PreviousHash);
            Assert.Equal(env.Hash, recomputed);
        }
        var tampered = events[1].Recorded.Data.ToArray();
        tampered[^2] ^= 1;
        Assert.NotEqual(events[1].Envelope.Hash, EventHash.Compute(events[1].Recorded.Stream, events[1].EventId, events[1].Recorded.Type, 1,
            events[1].Envelope.EffectiveDate, events[1].Envelope.RecordedBy, events[1].Envelope.Sources, events[1].Envelope.CorrelationId,
            events[1].Envelope.CausationId, tampered, events[1].Envelope.PreviousHash));
    }

    [Fact]
    public async Task A_correction_of_fields_changes_the_answer_from_when_it_is_recorded()
    {
        var imposed = await _ledger.Send(Impose());
        var beforeCorrection = DateTimeOffset.UtcNow;
        await Task.Delay(5);
        await _ledger.Send(TestLedger.Sourced(new CorrectEntry("RU", "taliban", imposed.EventId.ToString(), "court misnamed",
            Changes: new Dictionary<string, string?> { ["authority"] = "Supreme Court of the Russian Federation" }), "2026"));

        var now = await _ledger.Send(new ReplayRelationshipState("RU", "taliban", "2010-01-01"));
        Assert.Equal("Supreme Court of the Russian Federation", Assert.Single(now.Designations).Item.Authority);
        var then = await _ledger.Send(new ReplayRelationshipState("RU", "taliban", "2010-01-01", beforeCorrection));
        Assert.Equal("Supreme Court", Assert.Single(then.Designations).Item.Authority);
        var history = await _ledger.Send(new GetHistory("RU", "taliban"));
        Assert.Equal(history[1].EventId, Assert.Single(history[0].MendedBy));
        var replacement = EventJson.DeserializeData("EntryCorrected", 1, history[1].Data.GetRawText().Select(c => (byte)c).ToArray());
        Assert.NotNull(((Domain.Aspects.EntryCorrected)replacement).Replacement);
    }

    [Theory]
    [InlineData("headline", "x", "changes.headline", "has no field 'headline'")]
    [InlineData("actor", "Russia", "changes.actor", "neither")]
    public async Task A_correction_naming_a_bad_field_or_value_is_invalid_and_writes_nothing(string field, string value, string property, string because)
    {
        var imposed = await _ledger.Send(Impose());
        var e = await Assert.ThrowsAsync<ValidationException>(() => _ledger.Send(TestLedger.Sourced(
            new CorrectEntry("RU", "taliban", imposed.EventId.ToString(), "fix", Changes: new Dictionary<string, string?> { [field] = value }), "2026")));
        Assert.Contains(e.Errors, f => f.PropertyName == property && f.ErrorMessage.Contains(because, StringComparison.Ordinal));
        Assert.Single(await _ledger.AllEvents());
    }

    [Fact]
    public async Task Queries_validate_their_input_too()
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() => _ledger.Send(new ReplayRelationshipState("RU", "RU", "2025-05")));
        Assert.Equal(["asOf", "partyB"], e.Errors.Select(f => f.PropertyName).Order(StringComparer.Ordinal));
    }
}
