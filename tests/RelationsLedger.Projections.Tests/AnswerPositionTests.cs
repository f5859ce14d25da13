using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// An answer names the position its read model stands at (<c>readModel.position</c>): the checkpoint the question's own
/// catch-up ended at, which since round 24 of issue #16 the catch-up hands back instead of the file being opened again to
/// read it — so after new events it must be the new end of the log, never where the catch-up started.
/// </summary>
public sealed class AnswerPositionTests
{
    private static async Task<string> EndOfLogAsync(TestLedger ledger)
    {
        GlobalPosition? last = null;
        await foreach (var e in ledger.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships)) last = e.Position;
        return last!.Value.ToString();
    }

    [Fact]
    public async Task An_answer_names_the_end_of_the_log_its_catch_up_reached()
    {
        await using var ledger = await TestLedger.OpenAsync();
        await ledger.RecordFoundingExampleAsync();
        var first = await ledger.Send(new GetRelationshipState("RU", "taliban", "2024-01-01"));
        Assert.Equal(await EndOfLogAsync(ledger), first.ReadModel!.Position);

        await ledger.RecordAsync(TestLedger.Sourced(new Application.Commands.Cooperation.HoldEngagement("FR", "DE", "talks", "after the first answer"), "2020-05"));
        var second = await ledger.Send(new GetRelationshipState("RU", "taliban", "2024-01-01"));

        Assert.NotEqual(first.ReadModel.Position, second.ReadModel!.Position);
        Assert.Equal(await EndOfLogAsync(ledger), second.ReadModel.Position);
        Assert.Equal(ledger.Runner.ReadCheckpoint().Position.ToString(), second.ReadModel.Position);
        Assert.True(second.ReadModel.IsCurrent);
    }
}
