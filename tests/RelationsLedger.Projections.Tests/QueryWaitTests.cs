using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Projections.Queries;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A question whose catch-up does not end within <see cref="ProjectionOptions.QueryWaitsAtMost"/> (<c>Api:QueryWaitSeconds</c>)
/// is answered from the read model as it stands, saying what may be missing — but only a read model that holds something:
/// one whose first load is still running (another process's, here, holding the rebuild's claim) is not asked. Before, such a
/// question after 5 s was a 200 with an empty state ("relations": null, no items, "behind": 0) blaming the event store.
/// </summary>
public sealed class QueryWaitTests
{
    [Fact]
    public async Task A_question_to_a_read_model_whose_first_load_outlasts_the_wait_is_refused_not_answered_empty()
    {
        var options = new ProjectionOptions { BatchSize = 40, BulkLoadFrom = 50, QueryWaitsAtMost = TimeSpan.FromMilliseconds(300) };
        var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        await using var _ = ledger;
        var history = new RandomHistory(new Random(7), ledger);
        for (var i = 0; i < 150; i++) await history.AppendOneAsync();
        var runner = ledger.NewRunner(options);
        var handler = new GetRelationshipStateFromReadModel(new ReadModel(runner, options, new CatchUpReporting()));

        // Another process's first load holds the claim, so the question's catch-up waits for it.
        using (new FileStream(ledger.ReadModelPath + ".rebuild.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose))
        {
            var refused = await Assert.ThrowsAsync<ReadModelUnavailableException>(() => handler.Handle(new GetRelationshipState("AA", "BB", "2003-01-01"), default));
            Assert.StartsWith("The read model holds nothing yet: its first catch-up with the event store did not end within 0.3 s", refused.Message, StringComparison.Ordinal);
            Assert.True((refused.HoldsNothingYet, refused.StillAnswers) == (true, false));
        }

        // The load done, the same question is answered, current.
        await ledger.NewRunner(options with { QueryWaitsAtMost = null }).CatchUpAsync();
        var answered = await handler.Handle(new GetRelationshipState("AA", "BB", "2003-01-01"), default);
        Assert.Null(answered.ReadModel!.Failure);
    }
}
