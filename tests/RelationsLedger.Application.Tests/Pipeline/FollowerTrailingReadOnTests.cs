using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using static RelationsLedger.Application.Tests.Pipeline.HistoryCacheBudgetTests;

namespace RelationsLedger.Application.Tests.Pipeline;

/// <summary>
/// A history the process keeps is read on from its last event, which the store must still hold (round 67) — but a store whose reads
/// go to a follower (KurrentDB with nodePreference follower, random or readOnlyReplica on a cluster) may not hold yet what this
/// process appended through the leader. A follower that trails is not a removal: the leader's log is asked before the history is
/// refused. Found in the lead's re-read of round 67's change, which refused such a lag as `409 ledger-tampered`. The follower here
/// is the real store seen through a window that hides a stream's latest events (a lag cannot be made to order on a live cluster);
/// its leader is the real store.
/// </summary>
public sealed class FollowerTrailingReadOnTests
{
    private static readonly RelationshipKey Key = RelationshipKey.Of("RU", "AF");

    [Fact]
    public async Task A_history_read_on_through_a_follower_that_has_not_caught_up_is_the_history_not_a_removal()
    {
        await using var ledger = await TestLedger.OpenAsync();
        var (follower, repository, kept) = await ThreeKeptAsync(ledger);

        follower.HoldsUpTo = 0; // revisions 1 and 2 not on the follower yet
        var readOn = await repository.LoadAsync(Key);
        Assert.Equal(kept.Events.Select(e => e.EventId), readOn.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task A_history_whose_last_event_the_leader_no_longer_holds_is_refused_through_a_follower_too()
    {
        await using var ledger = await TestLedger.OpenAsync();
        var (_, repository, _) = await ThreeKeptAsync(ledger);
        await using (var connection = new SqliteConnection($"Data Source={ledger.StorePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var delete = connection.CreateCommand();
            delete.CommandText = $"DELETE FROM events WHERE stream = '{Key.StreamName}' AND revision >= 1";
            Assert.Equal(2, await delete.ExecuteNonQueryAsync());
        }

        var refused = await Assert.ThrowsAsync<LedgerTamperedException>(() => repository.LoadAsync(Key));
        Assert.StartsWith($"Stream '{Key.StreamName}' now ends at revision 0, before revision 2 that this process has read from it", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Three statements of <see cref="Key"/>, and a repository reading through a follower that holds them all, their history kept.</summary>
    private static async Task<(TrailingFollower Follower, RelationshipRepository Repository, RelationshipHistory Kept)> ThreeKeptAsync(TestLedger ledger)
    {
        for (var i = 0; i < 3; i++) await StateAsync(ledger, Key, $"statement {i}");
        var follower = new TrailingFollower(ledger.Store);
        var repository = new RelationshipRepository(follower, new HistoryCache(new HistoryCacheOptions(1 << 20)));
        var kept = await repository.LoadAsync(Key);
        Assert.Equal(3, kept.Count);
        return (follower, repository, kept);
    }

    /// <summary>The real store as a follower that holds each stream up to <see cref="HoldsUpTo"/> (all of it when null); its leader, the real store.</summary>
    private sealed class TrailingFollower(IEventStore inner) : DelegatingStore(inner), IReadsFromFollowers
    {
        public ulong? HoldsUpTo { get; set; }

        public bool ReadsMayTrail => true;

        public Task<RecordedEvent?> ReadAtOnLeaderAsync(GlobalPosition position, CancellationToken ct = default) => Inner.ReadAtAsync(position, ct);

        public override async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string stream, ReadDirection direction, ulong? from, long maxCount,
            [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var e in Inner.ReadStreamAsync(stream, direction, from, maxCount, ct))
                if (HoldsUpTo is not { } upTo || e.Revision <= upTo) yield return e;
        }
    }
}
