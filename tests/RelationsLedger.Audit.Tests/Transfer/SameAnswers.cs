using RelationsLedger.Application.Audit.Trail;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Cli.Output;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// Two ledgers holding the same record (an import, the same history on another store) answer a relationship alike: its
/// state on days and as known at moments drawn at random, its history and its audit trail, without what belongs to the
/// store that holds them (<see cref="StoreFields"/>).
/// </summary>
internal static class SameAnswers
{
    public static async Task AssertAsync(TestLedger ledger, TestLedger copy, RelationshipKey key, IReadOnlyList<DateOnly> days,
        IReadOnlyList<DateTimeOffset?> moments, Random rng, int states)
    {
        var (a, b) = (key.First.Value, key.Second.Value);
        for (var i = 0; i < states; i++)
        {
            var day = days[rng.Next(days.Count)].ToString("yyyy-MM-dd");
            var knownAt = moments[rng.Next(moments.Count)];
            Assert.Equal(Json.Write(await ledger.Send(new GetRelationshipState(a, b, day, knownAt)) with { ReadModel = null }),
                Json.Write(await copy.Send(new GetRelationshipState(a, b, day, knownAt)) with { ReadModel = null }));
        }
        Assert.Equal(StoreFields.Without(await ledger.Send(new GetHistory(a, b))), StoreFields.Without(await copy.Send(new GetHistory(a, b))));
        var moment = moments[rng.Next(moments.Count)];
        Assert.Equal(StoreFields.Without(await ledger.Send(new GetAuditTrail(a, b, moment))), StoreFields.Without(await copy.Send(new GetAuditTrail(a, b, moment))));
    }
}
