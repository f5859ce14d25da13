using System.Runtime.CompilerServices;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;
using static RelationsLedger.Application.Tests.Pipeline.HistoryCacheBudgetTests;

namespace RelationsLedger.Application.Tests.Pipeline;

/// <summary>
/// Past its bound the history cache keeps the streams it holds rather than the last one read (how often each is asked for).
/// Before round 46 it kept the last one read and dropped the least recently used: relationships recorded to in turn that
/// held more than the bound between them were each dropped just before they were used again, and every command read its
/// relationship's whole stream (round 45: ~12 times slower). The events read from the store are counted on the real store.
/// </summary>
public sealed class HistoryCacheAdmissionTests
{
    private static readonly RelationshipKey[] Keys = new[] { "AF", "AL", "AM", "AO" }.Select(c => RelationshipKey.Of("RU", c)).ToArray();

    [Fact]
    public async Task Relationships_asked_for_in_turn_past_the_bound_keep_the_ones_kept_and_read_only_the_others_again()
    {
        await using var ledger = await TestLedger.OpenAsync();
        var (store, cache, repository, each) = await RoomForThreeOfFourAsync(ledger);

        var readPerRound = new List<int>();
        for (var round = 0; round < 4; round++)
        {
            var before = store.EventsRead;
            foreach (var key in Keys) Assert.Equal(2, (await repository.LoadAsync(key)).Count);
            readPerRound.Add(store.EventsRead - before);
        }

        // All eight events at first; then the fourth relationship's two, each round, and the last event of each kept one, which the
        // read on from the cache begins at to see that the store still holds it (round 67; the counting store cannot vouch for it
        // unread, as the embedded store does for its own appends) — before round 46: all eight, each round.
        Assert.Equal([8, 5, 5, 5], readPerRound);
        Assert.Equal(3 * each, cache.Bytes);
    }

    [Fact]
    public async Task A_relationship_asked_for_more_often_than_one_kept_takes_its_place()
    {
        await using var ledger = await TestLedger.OpenAsync();
        var (store, cache, repository, each) = await RoomForThreeOfFourAsync(ledger);
        foreach (var key in Keys.Take(3)) await repository.LoadAsync(key); // each asked for once, all kept

        await repository.LoadAsync(Keys[3]); // asked for before 0 times: not kept
        await repository.LoadAsync(Keys[3]); // 1 time, as often as each kept: not kept
        await repository.LoadAsync(Keys[3]); // 2 times: in place of the least recently used of those asked for less
        var before = store.EventsRead;
        await repository.LoadAsync(Keys[3]);
        Assert.Equal(1, store.EventsRead - before); // its last event alone: the read on from the cache begins there (round 67)

        await repository.LoadAsync(Keys[0]);
        Assert.Equal(1 + 2, store.EventsRead - before); // the one that gave way is read again
        Assert.Equal(3 * each, cache.Bytes);
    }

    [Fact]
    public async Task A_relationship_not_kept_is_read_whole_with_what_another_writer_appended_and_appended_to_at_its_revision()
    {
        await using var ledger = await TestLedger.OpenAsync();
        var (_, _, repository, _) = await RoomForThreeOfFourAsync(ledger);
        foreach (var key in Keys) await repository.LoadAsync(key); // the fourth is not kept

        // Another writer — its own repository, as another process — appends to one kept and to the one not kept.
        await using var other = await TestLedger.OpenAsync(ledger.StorePath);
        await StateAsync(other, Keys[0], "the other writer's, on a kept relationship");
        await StateAsync(other, Keys[3], "the other writer's, on the relationship not kept");

        var kept = await repository.LoadAsync(Keys[0]);
        var notKept = await repository.LoadAsync(Keys[3]);
        Assert.Equal(3, kept.Count);
        Assert.Equal(3, notKept.Count);
        Assert.Equal((await ledger.EventsAsync(Keys[3].StreamName)).Select(e => e.EventId), notKept.Events.Select(e => e.EventId));

        // A history read before the other writer's append is refused at its revision; the one read after it is appended to.
        var stale = new RelationshipHistory(Keys[3], notKept.Events.Take(2).ToList());
        await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => AppendAsync(repository, stale));
        var appended = await AppendAsync(repository, notKept);
        Assert.Equal(3UL, appended.NextExpectedRevision);
        Assert.Equal(4, (await repository.LoadAsync(Keys[3])).Count);
    }

    /// <summary>
    /// Four relationships of two ~2 KB statements each, and a repository on the real store (its reads counted) whose history
    /// cache has room for three of them: the bytes of each.
    /// </summary>
    private static async Task<(CountingReads Store, HistoryCache Cache, RelationshipRepository Repository, long Each)> RoomForThreeOfFourAsync(TestLedger ledger)
    {
        foreach (var key in Keys)
            for (var i = 0; i < 2; i++) await StateAsync(ledger, key, new string('a', 1900) + i);
        var store = new CountingReads(ledger.Store);
        var each = SizeOf(await ledger.Repository.LoadAsync(Keys[0]));
        var cache = new HistoryCache(new HistoryCacheOptions(3 * each));
        return (store, cache, new RelationshipRepository(store, cache), each);
    }

    private static Task<AppendResult> AppendAsync(RelationshipRepository repository, RelationshipHistory history)
    {
        var id = Guid.NewGuid();
        return repository.AppendAsync(history, id, new StatementMade(history.Key.First.Value, history.Key.Second.Value, "Spokesperson", Stance.Neutral, "appended"),
            PartialDate.Parse("2024-07"), new Provenance("tester", [new Source("Reuters", "A report", null, null, null)], id, id));
    }

    /// <summary>The real store, and how many events its reads of streams have given.</summary>
    private sealed class CountingReads(IEventStore inner) : DelegatingStore(inner)
    {
        private int _read;

        public int EventsRead => Volatile.Read(ref _read);

        public override async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(
            string stream, ReadDirection direction, ulong? from, long maxCount, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var e in Inner.ReadStreamAsync(stream, direction, from, maxCount, ct))
            {
                Interlocked.Increment(ref _read);
                yield return e;
            }
        }
    }
}
