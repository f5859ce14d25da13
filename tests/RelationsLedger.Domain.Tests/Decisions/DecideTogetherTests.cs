using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Domain.Tests.Decisions;

/// <summary>Several facts decided as a whole: consistent together though each alone contradicts the record.</summary>
public sealed class DecideTogetherTests
{
    private readonly Record _cuba = new("US", "CU");
    private static DesignationImposed Designate() => new("US", "CU", "State Sponsors of Terrorism", "Secretary of State", null);
    private static DesignationRemoved Rescind() => new("US", "CU", "State Sponsors of Terrorism", "Secretary of State", null);

    private void RecordSingles()
    {
        _cuba.Add("1982-03-01", Designate());
        _cuba.Add("2015-05-29", Rescind());
        _cuba.Add("2025-01-20", Designate());
    }

    [Fact]
    public void The_on_off_pair_is_refused_fact_by_fact_and_accepted_together()
    {
        RecordSingles();
        Assert.Contains("would contradict DesignationImposed", _cuba.Refused("2021-01-12", Designate()).Message);
        Assert.Contains("it ended on 2015-05-29", _cuba.Refused("2025-01-14", Rescind()).Message);

        var pair = new[] { _cuba.Proposed("2021-01-12", Designate()), _cuba.Proposed("2025-01-14", Rescind(), 1) };
        Assert.Empty(DecideTogether.Check(_cuba.Key, _cuba.Facts, pair));
        // In either order within the batch: the timeline orders by effective date.
        Assert.Empty(DecideTogether.Check(_cuba.Key, _cuba.Facts, [_cuba.Proposed("2025-01-14", Rescind()), _cuba.Proposed("2021-01-12", Designate(), 1)]));
    }

    [Fact]
    public void A_batch_that_is_inconsistent_as_a_whole_names_each_refused_fact_by_index()
    {
        RecordSingles();
        var batch = new[]
        {
            _cuba.Proposed("2021-01-12", Designate()),
            _cuba.Proposed("2025-01-14", Rescind(), 1),
            _cuba.Proposed("2025-01-15", Rescind(), 2),   // nothing left to rescind after the 14th
            _cuba.Proposed("1990", Designate(), 3),        // already designated since 1982
        };
        var refusals = DecideTogether.Check(_cuba.Key, _cuba.Facts, batch);
        Assert.Equal([2, 3], refusals.Select(r => r.Index));
        Assert.Contains("it ended on 2025-01-14", refusals[0].Conflict.Message);
        Assert.Equal(batch[1].EventId, refusals[0].Conflict.ConflictingEventId);
        Assert.Contains("already designates", refusals[1].Conflict.Message);
    }

    [Fact]
    public void A_fact_that_makes_a_recorded_fact_contradict_is_blamed_with_the_recorded_fact_named()
    {
        RecordSingles();
        // Only the on of 2021, without its off: the recorded designation of 2025-01-20 would then be a second one.
        var refusals = DecideTogether.Check(_cuba.Key, _cuba.Facts, [_cuba.Proposed("2021-01-12", Designate())]);
        var refusal = Assert.Single(refusals);
        Assert.Equal(0, refusal.Index);
        Assert.Equal(_cuba.Facts[2].EventId, refusal.Conflict.ConflictingEventId);
        Assert.StartsWith("it would contradict DesignationImposed", refusal.Conflict.Message);
    }

    [Fact]
    public void A_fact_of_another_relationship_and_a_mend_of_an_unrecorded_event_are_refused_and_the_rest_still_checked()
    {
        RecordSingles();
        var batch = new[]
        {
            _cuba.Proposed("2020", new DesignationImposed("US", "IR", "State Sponsors of Terrorism", "Secretary of State", null)),
            _cuba.Proposed("2025-02", new EntryRetracted(Guid.NewGuid(), "a mistake"), 1),
            _cuba.Proposed("2025-02-01", Rescind(), 2),
        };
        var refusals = DecideTogether.Check(_cuba.Key, _cuba.Facts, batch);
        Assert.Equal([0, 1], refusals.Select(r => r.Index));
        Assert.Contains("belongs to relationship", refusals[0].Conflict.Message);
        Assert.Contains("is not in relationship", refusals[1].Conflict.Message);
    }

    [Fact]
    public void A_retraction_in_a_batch_with_the_fact_that_replaces_it_is_accepted()
    {
        RecordSingles();
        var retract = _cuba.Proposed("2025-02", new EntryRetracted(_cuba.Facts[2].EventId, "wrong day"));
        var again = _cuba.Proposed("2025-01-21", Designate(), 1);
        Assert.Empty(DecideTogether.Check(_cuba.Key, _cuba.Facts, [retract, again]));
        Assert.Single(DecideTogether.Check(_cuba.Key, _cuba.Facts, [again]));
        var twice = DecideTogether.Check(_cuba.Key, _cuba.Facts, [retract, _cuba.Proposed("2025-02", new EntryRetracted(_cuba.Facts[2].EventId, "again"), 1)]);
        Assert.Equal(1, Assert.Single(twice).Index);
    }
}
