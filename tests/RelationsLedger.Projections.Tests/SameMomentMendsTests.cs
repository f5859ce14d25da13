using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A hostile case for the facts table's key (its rows are found by effective days, knowledge interval, relationship
/// and revision; docs/projections.md): one batch mends the same event twice, so two forms of it are recorded at one
/// moment — the second puts the dates back as they were. The read model, built live and rebuilt, answers as the fold.
/// </summary>
public sealed class SameMomentMendsTests
{
    [Fact]
    public async Task Two_corrections_of_one_event_in_one_batch_answer_as_the_fold_live_and_rebuilt()
    {
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        var imposed = await ledger.RecordAsync(new ImposeDesignation("RU", "taliban", "list", "court").On("2003-02-14"));
        await ledger.Runner.CatchUpAsync(); // the original form is stored before it is mended
        var before = ledger.Clock.Now;
        ledger.Clock.Advance(TimeSpan.FromMinutes(1));
        var target = imposed.EventId.ToString();
        await ledger.Send(new RecordBatch([
            new("commands[0]", new CorrectEntry("RU", "taliban", target, "the ruling was in 2004", "2004-03").On("2025")),
            new("commands[1]", new CorrectEntry("RU", "taliban", target, "no: 2003 after all", "2003-02-14").On("2025")),
        ]));
        var after = ledger.Clock.Now;

        var oracle = new Oracle(ledger.Mediator, ledger.Repository);
        var key = RelationshipKey.Of("RU", "taliban");
        async Task AnswersEqualFoldAsync()
        {
            foreach (var day in new[] { "2003-02-13", "2003-02-14", "2004-03-15", "2004-04-01" }.Select(DateOnly.Parse))
            foreach (var knownAt in new DateTimeOffset?[] { before, after, null })
                await oracle.AssertSameStateAsync(key, day, knownAt);
            var changed = await ledger.Mediator.Send(new GetChangedRelationships("2003-01-01", "2003-12-31"));
            Assert.Equal("RU~taliban", Assert.Single(changed.Relationships).Relationship);
            Assert.Empty((await ledger.Mediator.Send(new GetChangedRelationships("2004-01-01", "2004-12-31"))).Relationships);
        }

        await AnswersEqualFoldAsync(); // projected live, one event after the other
        await ledger.Runner.RebuildAsync();
        await AnswersEqualFoldAsync(); // rebuilt in bulk
    }
}
