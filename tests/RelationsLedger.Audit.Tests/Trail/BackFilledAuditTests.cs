using RelationsLedger.Application.Audit.Trail;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Designations;

namespace RelationsLedger.Audit.Tests.Trail;

/// <summary>
/// What an entry changed is the record over every effective date, not only its final state. Found by a hostile test: with
/// the US designation of Cuba recorded for 1982–2015 and again from 2025-01-20, the back-filled 2021-01-12 designation and
/// its 2025-01-14 rescission (one batch) were each shown as changing nothing, since the final state (in force since
/// 2025-01-20) is the same; and the eleventh engagement showed the first as removed, since the state keeps the latest ten.
/// </summary>
public sealed class BackFilledAuditTests : IAsyncLifetime
{
    private TestLedger _ledger = null!;

    public async Task InitializeAsync() => _ledger = await TestLedger.OpenAsync();

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    private static ImposeDesignation Designate(string on) => TestLedger.Sourced(new ImposeDesignation("US", "CU", "State Sponsors of Terrorism", "Secretary of State"), on);
    private static RemoveDesignation Rescind(string on) => TestLedger.Sourced(new RemoveDesignation("US", "CU", "State Sponsors of Terrorism", "Secretary of State"), on);

    [Fact]
    public async Task A_back_filled_designation_between_two_others_shows_what_it_added_and_its_rescission_what_it_ended()
    {
        foreach (var single in new Application.Commands.Recording.RecordCommand[] { Designate("1982-03-01"), Rescind("2015-05-29"), Designate("2025-01-20") }) await _ledger.Send(single);
        var (on, off) = (Designate("2021-01-12"), Rescind("2025-01-14"));
        await _ledger.Send(new RecordBatch([new BatchItem("commands[0]", on), new BatchItem("commands[1]", off)]));

        var trail = await _ledger.Send(new GetAuditTrail("US", "CU"));

        var added = Assert.Single(trail.Entries.Single(e => e.EventId == on.CommandId).Changes);
        Assert.Equal(("designations", ChangeKind.Added), (added.Section, added.Change));
        Assert.Contains(added.Fields, f => f == new FieldChange("since", null, "2021-01-12"));
        var ended = Assert.Single(trail.Entries.Single(e => e.EventId == off.CommandId).Changes);
        Assert.Equal(ChangeKind.Changed, ended.Change);
        Assert.Equal($"2025-01-14 by DesignationRemoved {off.CommandId} (Secretary of State)", Assert.Single(ended.Fields, f => f.Field == "ended").After);
        // The entries recorded in date order read as before: the last designation replaces the ended one.
        Assert.Equal(ChangeKind.Changed, Assert.Single(trail.Entries[2].Changes).Change);
    }

    [Fact]
    public async Task The_eleventh_engagement_adds_itself_and_removes_nothing()
    {
        for (var year = 2000; year <= 2010; year++)
            await _ledger.Send(TestLedger.Sourced(new HoldEngagement("US", "CU", "talks", $"Talks {year}", "Havana"), year.ToString()));

        var trail = await _ledger.Send(new GetAuditTrail("US", "CU"));

        var last = Assert.Single(trail.Entries[^1].Changes);
        Assert.Equal(("engagements", ChangeKind.Added), (last.Section, last.Change));
    }
}
