using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Tests.Pipeline;

/// <summary>
/// The history cache is bounded by the estimated bytes of the events it holds (<see cref="HeldSize"/>), not by their number:
/// with a cap of 250,000 events, a recorder of the largest statements a request may carry could make a server hold tens of GB.
/// </summary>
public sealed class HistoryCacheBudgetTests
{
    private static readonly RelationshipKey First = RelationshipKey.Of("RU", "AF");
    private static readonly RelationshipKey Second = RelationshipKey.Of("RU", "AL");

    [Fact]
    public async Task Few_large_events_past_the_byte_budget_are_not_all_kept()
    {
        await using var ledger = await TestLedger.OpenAsync();
        for (var i = 0; i < 4; i++) await StateAsync(ledger, First, new string('a', 1900) + i);
        for (var i = 0; i < 4; i++) await StateAsync(ledger, Second, new string('b', 1900) + i);
        var eachHeld = HeldSize.Of((await ledger.Repository.LoadAsync(First)).Events[0]);
        Assert.InRange(eachHeld, 7_000, 10_000); // ~2.2 KB of data and 0.5 KB of envelope stored: three times that, and the objects

        // Room for 6 such events: 8 events, far fewer than any count a cache of events would have been bounded by.
        var cache = new HistoryCache(new HistoryCacheOptions(6 * eachHeld));
        var repository = new RelationshipRepository(ledger.Store, cache);
        Assert.Equal(4, (await repository.LoadAsync(First)).Count);
        Assert.Equal(4, (await repository.LoadAsync(Second)).Count); // answered whole, and not kept: it was asked for no more often

        Assert.Equal(SizeOf(await ledger.Repository.LoadAsync(First)), cache.Bytes);
        Assert.Empty(cache.Get(Second).Events);
        Assert.Equal(4, cache.Get(First).Count);
    }

    [Fact]
    public async Task Small_events_within_the_budget_are_all_kept_and_counted_as_they_are_added()
    {
        await using var ledger = await TestLedger.OpenAsync();
        for (var i = 0; i < 3; i++) await StateAsync(ledger, First, $"short {i}");
        var cache = new HistoryCache(new HistoryCacheOptions(1 << 20));
        var repository = new RelationshipRepository(ledger.Store, cache);
        Assert.Equal(3, (await repository.LoadAsync(First)).Count);

        await StateAsync(ledger, First, "one more");
        Assert.Equal(4, (await repository.LoadAsync(First)).Count); // read on from the cached revision
        Assert.Equal(4, cache.Get(First).Count);
        Assert.Equal(SizeOf(await ledger.Repository.LoadAsync(First)), cache.Bytes);
    }

    [Fact]
    public async Task A_budget_of_0_holds_nothing_and_histories_are_read_whole()
    {
        await using var ledger = await TestLedger.OpenAsync();
        await StateAsync(ledger, First, "kept nowhere");
        var cache = new HistoryCache(new HistoryCacheOptions(0));
        Assert.Equal(1, (await new RelationshipRepository(ledger.Store, cache).LoadAsync(First)).Count);
        Assert.Empty(cache.Get(First).Events);
        Assert.Equal(0, cache.Bytes);
    }

    internal static long SizeOf(RelationshipHistory history) => history.Events.Sum(HeldSize.Of);

    internal static async Task StateAsync(TestLedger ledger, RelationshipKey key, string summary) =>
        await ledger.Send(TestLedger.Sourced(new MakeStatement(key.First.Value, key.Second.Value, "Spokesperson", "neutral", summary), "2024-07"));
}
