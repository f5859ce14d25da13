using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Application.Commands.Ambassadors;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Projects;
using RelationsLedger.Application.Commands.Recognition;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Projections.Tests;

/// <summary>The domain brief's founding example (Russia–Taliban) and its four questions, answered from the read model.</summary>
public sealed class FoundingExampleTests
{
    private const string List = "Federal list of terrorist organisations";
    private const string Court = "Supreme Court of the Russian Federation";

    private static async Task<(TestLedger Ledger, DateTimeOffset BeforeRemoval, Guid Designation, Guid Removal)> RecordAsync()
    {
        var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        await ledger.RecordAsync(new MakeStatement("RU", "taliban", "Vladimir Putin", "ally", "An ally against terrorism.").On("2024-07"));
        await ledger.RecordAsync(new HoldEngagement("RU", "taliban", "forum", "SPIEF: Taliban delegation", "St. Petersburg").On("2022-06"));
        var designation = await ledger.RecordAsync(new ImposeDesignation("RU", "taliban", List, Court).On("2003-02-14"));
        // Ask a question now, so the read model is projected before the removal is recorded.
        await ledger.Mediator.Send(new GetRelationshipState("RU", "taliban", "2024-12-31"));
        var beforeRemoval = ledger.Clock.Now;
        ledger.Clock.Advance(TimeSpan.FromHours(1));
        var removal = await ledger.RecordAsync(new RemoveDesignation("RU", "taliban", List, Court).On("2025-04-17"));
        await ledger.RecordAsync(new PledgeCooperation("RU", "taliban", "counter-terrorism", "isis-k").On("2025-05"));
        await ledger.RecordAsync(new NominateAmbassador("taliban", "RU", "Gul Hassan Hassan").On("2025-05"));
        await ledger.RecordAsync(new ProposeProject("RU", "taliban", "transport", "Rail links with Central Asia").On("2025-05"));
        await ledger.RecordAsync(new GrantRecognition("RU", "taliban", "de-jure").On("2025-07-03"));
        await ledger.RecordAsync(new AccreditAmbassador("taliban", "RU", "Gul Hassan Hassan").On("2025-07-03"));
        return (ledger, beforeRemoval, designation.EventId, removal.EventId);
    }

    [Fact]
    public async Task The_four_questions_of_the_domain_brief()
    {
        var (ledger, beforeRemoval, designationId, removalId) = await RecordAsync();
        await using var _ = ledger;
        var m = ledger.Mediator;

        // As of 2024-12-31: the Taliban are designated by Russia since 2003-02-14, for certain; no ambassador.
        var q1 = await m.Send(new GetRelationshipState("taliban", "RU", "2024-12-31"));
        var d1 = Assert.Single(q1.Designations);
        Assert.Equal((ItemStatus.InForce, Certainty.Certain, "2003-02-14", designationId), (d1.Status, d1.Certainty, d1.Item.Since.ToString(), d1.Item.EventId));
        Assert.Empty(q1.Ambassadors);
        Assert.True(q1.ReadModel!.IsCurrent);

        // As of 2025-04-17 and later: no designation in force; the removal event is the reason.
        foreach (var day in new[] { "2025-04-17", "2025-06-30", "2026-01-01" })
        {
            var d = Assert.Single((await m.Send(new GetRelationshipState("RU", "taliban", day))).Designations);
            Assert.Equal((ItemStatus.Ended, Certainty.Certain), (d.Status, d.Certainty));
            Assert.Equal(("DesignationRemoved", removalId, "2025-04-17"), (d.Item.Ended!.Type, d.Item.Ended.EventId, d.Item.Ended.On.ToString()));
        }
        Assert.Empty((await m.Send(new GetDesignationsOf("taliban", "2025-04-17"))).Items);
        Assert.Single((await m.Send(new GetDesignationsOf("taliban", "2025-04-16"))).Items);

        // As of 2025-05-10: the pledge of 2025-05 is only possibly in force; the nomination possibly pending.
        var q3 = await m.Send(new GetRelationshipState("RU", "taliban", "2025-05-10"));
        var pledge = Assert.Single(q3.Pledges);
        Assert.Equal((ItemStatus.InForce, Certainty.Possible), (pledge.Status, pledge.Certainty));
        Assert.Equal(Certainty.Possible, Assert.Single(q3.Nominations).Certainty);

        // As known before the removal was recorded: the designation still shows in force, even today.
        var q4 = await m.Send(new GetRelationshipState("RU", "taliban", "2026-01-01", beforeRemoval));
        var d4 = Assert.Single(q4.Designations);
        Assert.Equal((ItemStatus.InForce, Certainty.Certain), (d4.Status, d4.Certainty));
        Assert.Empty(q4.Pledges);
        Assert.Single((await m.Send(new GetDesignationsBy("RU", "2026-01-01", beforeRemoval))).Items);

        // Later: recognised, and the ambassador in post (the nomination ended by the accreditation).
        var now = await m.Send(new GetRelationshipState("RU", "taliban", "2025-07-03"));
        Assert.Equal(("Gul Hassan Hassan", Certainty.Certain), (Assert.Single(now.Ambassadors).Item.Person, now.Ambassadors[0].Certainty));
        Assert.Equal(ItemStatus.Ended, Assert.Single(now.Nominations).Status);
        Assert.Single(now.Recognitions);
    }

    [Fact]
    public async Task Every_answer_equals_the_replay_of_the_stream()
    {
        var (ledger, beforeRemoval, _, _) = await RecordAsync();
        await using var _ = ledger;
        foreach (var day in new[] { "2003-02-13", "2003-02-14", "2022-06-15", "2024-12-31", "2025-04-16", "2025-05-01", "2025-05-31", "2025-06-01", "2025-07-03" })
        {
            foreach (var knownAt in new DateTimeOffset?[] { null, beforeRemoval, ledger.Clock.Now })
            {
                var fromReadModel = await ledger.Mediator.Send(new GetRelationshipState("RU", "taliban", day, knownAt));
                var replayed = await ledger.Mediator.Send(new ReplayRelationshipState("RU", "taliban", day, knownAt));
                Assert.Equal(ContractJson.Of(replayed), ContractJson.Of(fromReadModel with { ReadModel = null }));
            }
        }
    }
}
