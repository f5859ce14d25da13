using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// A fact corrected twice, a field each time, reads with both changes. A replacement is the whole corrected event and
/// corrections apply in recording order, so the second one's fields must be made on the target as the first left it: made
/// on the original's, a second correction (the authority) silently put back the reference the first had corrected, and
/// every answer after it said so. Found by a hostile test (record a designation, correct its reference, then its authority).
/// </summary>
public sealed class SuccessiveCorrectionsTests : IAsyncLifetime
{
    private static readonly RelationshipKey Key = RelationshipKey.Of("RU", "taliban");
    private TestLedger _ledger = null!;

    public async Task InitializeAsync() => _ledger = await TestLedger.OpenAsync();

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    private static CorrectEntry Set(Guid target, string field, string value) =>
        TestLedger.Sourced(new CorrectEntry("RU", "taliban", target.ToString(), $"fix {field}", Changes: new Dictionary<string, string?> { [field] = value }), "2026");

    private async Task<DesignationImposed> CurrentFormAsync(Guid target)
    {
        var facts = (await _ledger.Repository.LoadAsync(Key)).Facts;
        return Assert.IsType<DesignationImposed>(Timeline.Of(facts).FormOf(target)!.Event);
    }

    [Fact]
    public async Task A_second_correction_keeps_the_fields_the_first_corrected()
    {
        var designation = await _ledger.Send(TestLedger.Sourced(new ImposeDesignation("RU", "taliban", "Federal list", "Supreme Court"), "2003-02-14"));
        await _ledger.Send(Set(designation.EventId, "reference", "GKPI 03-116"));
        await _ledger.Send(Set(designation.EventId, "authority", "Supreme Court of the Russian Federation"));

        var form = await CurrentFormAsync(designation.EventId);
        Assert.Equal(("Supreme Court of the Russian Federation", "GKPI 03-116"), (form.Authority, form.Reference));
    }

    [Fact]
    public async Task A_correction_retried_after_a_later_correction_is_already_recorded_not_a_reused_id()
    {
        var designation = await _ledger.Send(TestLedger.Sourced(new ImposeDesignation("RU", "taliban", "Federal list", "Supreme Court"), "2003-02-14"));
        var first = Set(designation.EventId, "reference", "GKPI 03-116");
        await _ledger.Send(first);
        await _ledger.Send(Set(designation.EventId, "authority", "Supreme Court of the Russian Federation"));

        var retried = await _ledger.Send(first);

        Assert.True(retried.AlreadyRecorded);
        Assert.Equal(3, (await _ledger.AllEvents()).Count);
    }

    [Fact]
    public async Task Retracting_a_correction_whose_fields_a_later_correction_carries_is_refused_until_that_one_is_retracted()
    {
        var designation = await _ledger.Send(TestLedger.Sourced(new ImposeDesignation("RU", "taliban", "Federal list", "Supreme Court"), "2003-02-14"));
        var first = await _ledger.Send(Set(designation.EventId, "reference", "GKPI 03-116"));
        var second = await _ledger.Send(Set(designation.EventId, "authority", "Supreme Court of the Russian Federation"));
        RetractEntry Retract(Guid target) => TestLedger.Sourced(new RetractEntry("RU", "taliban", target.ToString(), "wrong"), "2026");

        // The later correction is the whole event, reference included: retracting the first alone would change nothing.
        var refused = await Assert.ThrowsAsync<CommandRefusedException>(() => _ledger.Send(Retract(first.EventId)));
        Assert.Equal(second.EventId, refused.Conflict.ConflictingEventId);
        Assert.Equal(3, (await _ledger.AllEvents()).Count);

        await _ledger.Send(Retract(second.EventId));
        await _ledger.Send(Retract(first.EventId));
        var form = await CurrentFormAsync(designation.EventId);
        Assert.Equal(("Supreme Court", null), (form.Authority, form.Reference));
    }

    [Fact]
    public async Task Two_field_corrections_of_one_fact_in_one_batch_are_refused_and_nothing_is_recorded()
    {
        var designation = await _ledger.Send(TestLedger.Sourced(new ImposeDesignation("RU", "taliban", "Federal list", "Supreme Court"), "2003-02-14"));
        var batch = new RecordBatch(
        [
            new BatchItem("commands[0]", Set(designation.EventId, "reference", "GKPI 03-116")),
            new BatchItem("commands[1]", Set(designation.EventId, "authority", "Supreme Court of the Russian Federation")),
        ]);

        var refused = await Assert.ThrowsAsync<BatchRefusedException>(() => _ledger.Send(batch));

        var item = Assert.Single(refused.Refused);
        Assert.Equal("commands[1]", item.Item);
        Assert.Contains("give all its changed fields in one correction", item.Conflict.Message);
        Assert.Single(await _ledger.AllEvents());
    }
}
