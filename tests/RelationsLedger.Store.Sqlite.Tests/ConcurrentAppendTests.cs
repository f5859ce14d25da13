using System.Text;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// Group commit on a real file: appends made at the same time share a transaction, yet each is all or
/// none on its own, in order, and one refused append does not take the others of its group with it.
/// </summary>
public sealed class ConcurrentAppendTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static EventData Event(Guid? id = null) =>
        new(id ?? Guid.NewGuid(), "StatementMade", Encoding.UTF8.GetBytes("""{"n":1}"""), Encoding.UTF8.GetBytes("{}"));

    private static async Task<List<RecordedEvent>> AllAsync(IEventStore store)
    {
        var all = new List<RecordedEvent>();
        await foreach (var e in store.ReadAllAsync(null, long.MaxValue, StreamFilter.All)) all.Add(e);
        return all;
    }

    /// <summary>
    /// Holds the file's write lock from another connection while <paramref name="start"/> sends its appends,
    /// so that they pile up behind the first and are written as one group when the lock is let go.
    /// </summary>
    private async Task<T> WhileLockedAsync<T>(string path, Func<Task<T>> start)
    {
        await using var blocker = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await blocker.OpenAsync();
        await using var tx = (SqliteTransaction)await blocker.BeginTransactionAsync(); // BEGIN IMMEDIATE
        var appends = Task.Run(start);
        await Task.Delay(300); // every writer has queued behind the lock
        await tx.RollbackAsync();
        return await appends;
    }

    [Fact]
    public async Task Many_writers_on_their_own_streams_all_land_in_order_with_positions_without_gaps()
    {
        var path = _folder.File("l.db");
        await using var store = await SqliteEventStore.OpenAsync(path);
        const int writers = 16, appends = 40;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            ulong? head = null;
            for (var i = 0; i < appends; i++)
                head = (await store.AppendAsync($"relationship-W{w}~X", ExpectedRevision.After(head), [Event(), Event()])).NextExpectedRevision;
        })));

        var all = await AllAsync(store);
        Assert.Equal(writers * appends * 2, all.Count);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (ulong)i), all.Select(e => e.Position.Commit));
        foreach (var stream in all.GroupBy(e => e.Stream))
            Assert.Equal(Enumerable.Range(0, appends * 2).Select(i => (ulong)i), stream.Select(e => e.Revision));
        // An append's two events are never split by another writer's.
        for (var i = 0; i < all.Count; i += 2)
            Assert.Equal((all[i].Stream, all[i].Revision + 1), (all[i + 1].Stream, all[i + 1].Revision));
    }

    [Fact]
    public async Task Many_writers_on_one_stream_with_any_revision_get_consecutive_revisions()
    {
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("l.db"));
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() =>
            store.AppendAsync("relationship-AA~BB", ExpectedRevision.Any, [Event(), Event(), Event()]))));

        Assert.Equal(Enumerable.Range(0, 64).Select(i => (ulong)(i * 3 + 2)), results.Select(r => r.NextExpectedRevision).Order());
        var all = await AllAsync(store);
        Assert.Equal(Enumerable.Range(0, 192).Select(i => (ulong)i), all.Select(e => e.Revision));
        Assert.All(results, r => Assert.Equal((ulong)r.Position.Commit, r.NextExpectedRevision + 1));
    }

    [Fact]
    public async Task Writers_at_the_same_revision_of_one_stream_in_one_group_one_wins_the_others_are_told()
    {
        var path = _folder.File("l.db");
        await using var store = await SqliteEventStore.OpenAsync(path);
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [Event()]);

        var outcomes = await WhileLockedAsync(path, () => Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Capture(store.AppendAsync("relationship-AA~BB", ExpectedRevision.Exact(0), [Event()]))))));

        Assert.Single(outcomes, o => o is null);
        Assert.Equal(7, outcomes.Count(o => o is WrongExpectedRevisionException));
        Assert.Equal([0UL, 1UL], (await AllAsync(store)).Select(e => e.Revision));
    }

    [Fact]
    public async Task A_refused_append_in_a_group_fails_alone_and_the_rest_of_the_group_is_written()
    {
        var path = _folder.File("l.db");
        await using var store = await SqliteEventStore.OpenAsync(path);
        var taken = Event();
        var first = new[] { Event(), Event() };
        var original = await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, first);
        await store.AppendAsync("relationship-AA~CC", ExpectedRevision.NoStream, [taken]);

        var fine = Enumerable.Range(0, 12).Select(i => new StreamAppend($"relationship-F{i}~X", ExpectedRevision.NoStream, [Event(), Event()])).ToList();
        var stale = new StreamAppend("relationship-AA~BB", ExpectedRevision.NoStream, [Event()]);
        var duplicate = new StreamAppend("relationship-AA~DD", ExpectedRevision.NoStream, [Event(), Event(taken.EventId)]);
        var retry = new StreamAppend("relationship-AA~BB", ExpectedRevision.Any, first);
        var calls = fine.Take(4).Append(stale).Concat(fine.Skip(4).Take(4)).Append(duplicate).Append(retry).Concat(fine.Skip(8)).ToList();

        var answers = await WhileLockedAsync(path, () => Task.WhenAll(calls.Select(call => Task.Run(async () =>
        {
            try
            {
                return (Result: (await store.AppendManyAsync([call]))[0], Error: (Exception?)null);
            }
            catch (Exception e)
            {
                return (Result: default(AppendResult), Error: e);
            }
        }))));

        Assert.IsType<WrongExpectedRevisionException>(answers[calls.IndexOf(stale)].Error);
        Assert.IsType<DuplicateEventException>(answers[calls.IndexOf(duplicate)].Error);
        Assert.Equal(original with { Repeated = true }, answers[calls.IndexOf(retry)].Result);
        foreach (var call in fine) Assert.Null(answers[calls.IndexOf(call)].Error);

        var all = await AllAsync(store);
        Assert.Equal(3 + fine.Count * 2, all.Count);
        Assert.DoesNotContain(all, e => e.Stream == "relationship-AA~DD");
        Assert.Equal([0UL, 1UL], all.Where(e => e.Stream == "relationship-AA~BB").Select(e => e.Revision));
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (ulong)i), all.Select(e => e.Position.Commit));
        foreach (var call in fine)
        {
            var written = all.Where(e => e.Stream == call.Stream).ToList();
            Assert.Equal(call.Events.Select(e => e.EventId), written.Select(e => e.EventId));
            Assert.Equal(answers[calls.IndexOf(call)].Result!.Position, written[^1].Position);
        }
    }

    /// <summary>
    /// Callers are answered off the thread that writes the groups: one that blocks once answered (here until an append it
    /// starts is written) holds up no one. Answered on the writer's thread, it would stop every later group with it.
    /// </summary>
    [Fact]
    public async Task A_caller_that_blocks_once_answered_does_not_hold_up_the_next_group()
    {
        var path = _folder.File("l.db");
        await using var store = await SqliteEventStore.OpenAsync(path);
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [Event()]);

        var waited = await WhileLockedAsync(path, async () =>
        {
            // The first caller writes its group itself; the callers that queue behind it are the next group, written by the store.
            var lead = Task.Run(() => store.AppendAsync("relationship-AA~CC", ExpectedRevision.NoStream, [Event()]));
            await Task.Delay(100);
            var queued = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                await store.AppendAsync($"relationship-W{i}~X", ExpectedRevision.NoStream, [Event()]);
                if (i != 1) return true;
                var next = Task.Run(() => store.AppendAsync("relationship-W1~Y", ExpectedRevision.NoStream, [Event()]));
                return next.Wait(TimeSpan.FromSeconds(20)); // blocks the thread this caller was answered on
            })).ToList();
            await lead;
            return await Task.WhenAll(queued);
        });

        Assert.All(waited, Assert.True);
        Assert.Equal(1 + 1 + 8 + 1, (await AllAsync(store)).Count);
    }

    /// <summary>
    /// The callers of a group written by the drain thread are answered together, one after another on one thread (round 69):
    /// the first answered here blocks until every other caller of its group has its answer, which it would wait for in vain
    /// were they answered only after it returned.
    /// </summary>
    [Fact]
    public async Task A_caller_that_blocks_once_answered_does_not_hold_up_the_callers_answered_with_it()
    {
        using var othersAnswered = new CountdownEvent(GroupCallers - 1);
        var (waited, events) = await GroupOfCallersAsync((answered, _) =>
        {
            if (answered == 1) return Task.FromResult(othersAnswered.Wait(TimeSpan.FromSeconds(20))); // blocks the thread this caller was answered on
            othersAnswered.Signal();
            return Task.FromResult(true);
        });

        Assert.All(waited, Assert.True);
        Assert.Equal(1 + 1 + GroupCallers, events);
    }

    /// <summary>
    /// The callers answered together that append again leave their writes to the queue until the last of them is answered (so
    /// that their appends make one group); the last answered here blocks until those appends are written.
    /// </summary>
    [Fact]
    public async Task A_caller_that_blocks_once_answered_does_not_hold_up_the_next_appends_of_the_callers_answered_before_it()
    {
        using var othersWroteAgain = new CountdownEvent(GroupCallers - 1);
        var (waited, events) = await GroupOfCallersAsync(async (answered, append) =>
        {
            if (answered == GroupCallers) return othersWroteAgain.Wait(TimeSpan.FromSeconds(20)); // blocks the thread this caller was answered on
            await append();
            othersWroteAgain.Signal();
            return true;
        });

        Assert.All(waited, Assert.True);
        Assert.Equal(1 + 1 + GroupCallers + GroupCallers - 1, events);
    }

    private const int GroupCallers = 8;

    /// <summary>
    /// <see cref="GroupCallers"/> callers queued behind a lone caller held at the write lock, so written by the drain thread as one
    /// group; each, once answered, runs <paramref name="onceAnswered"/> with the order it was answered in (from 1) and a second
    /// append to its stream. Its answers, and the events in the store then.
    /// </summary>
    private async Task<(bool[] Answers, int Events)> GroupOfCallersAsync(Func<int, Func<Task>, Task<bool>> onceAnswered)
    {
        var path = _folder.File("l.db");
        await using var store = await SqliteEventStore.OpenAsync(path);
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [Event()]);
        var answered = 0;
        var answers = await WhileLockedAsync(path, async () =>
        {
            var lead = Task.Run(() => store.AppendAsync("relationship-AA~CC", ExpectedRevision.NoStream, [Event()]));
            await Task.Delay(100);
            var queued = Enumerable.Range(0, GroupCallers).Select(i => Task.Run(async () =>
            {
                await store.AppendAsync($"relationship-W{i}~X", ExpectedRevision.NoStream, [Event()]);
                return await onceAnswered(Interlocked.Increment(ref answered),
                    () => store.AppendAsync($"relationship-W{i}~X", ExpectedRevision.Exact(0), [Event()]));
            })).ToList();
            await lead;
            return await Task.WhenAll(queued);
        });
        return (answers, (await AllAsync(store)).Count);
    }

    [Fact]
    public async Task A_batch_in_a_group_stays_all_or_none()
    {
        var path = _folder.File("l.db");
        await using var store = await SqliteEventStore.OpenAsync(path);
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [Event()]);

        var answers = await WhileLockedAsync(path, () => Task.WhenAll(
            Task.Run(() => Capture(store.AppendManyAsync([new("relationship-AA~EE", ExpectedRevision.NoStream, [Event()])]))),
            Task.Run(() => Capture(store.AppendManyAsync([
                new("relationship-AA~CC", ExpectedRevision.NoStream, [Event()]),
                new("relationship-AA~BB", ExpectedRevision.NoStream, [Event()]), // stale: the whole batch is refused
            ]))),
            Task.Run(() => Capture(store.AppendManyAsync([new("relationship-AA~DD", ExpectedRevision.NoStream, [Event()])])))));

        Assert.Null(answers[0]);
        Assert.IsType<WrongExpectedRevisionException>(answers[1]);
        Assert.Null(answers[2]);
        Assert.Equal(["relationship-AA~BB", "relationship-AA~DD", "relationship-AA~EE"], (await AllAsync(store)).Select(e => e.Stream).Order());
    }

    private static async Task<Exception?> Capture(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [Fact]
    public async Task Readers_racing_the_first_append_to_a_new_file_see_no_store_or_the_whole_store_never_a_foreign_file()
    {
        // Before: a reader looked at the file in three reads (its mark, its version, its tables); a first append committed
        // between them showed it a file with a ledger's tables but no mark, refused as "a SQLite database of something else"
        // (in 3 to 14 of these 100 rounds, five runs). It now looks in one read transaction.
        for (var round = 0; round < 100; round++)
        {
            var path = _folder.File($"race-{round}.db");
            await using var writer = await SqliteEventStore.OpenAsync(path);
            using var stop = new CancellationTokenSource();
            var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
            {
                await using var reader = await SqliteEventStore.OpenAsync(path); // another process, opened before the file exists
                while (!stop.IsCancellationRequested)
                    if ((await AllAsync(reader)).Count == 1) return;
            })).ToList();
            await writer.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [Event()]);
            stop.CancelAfter(TimeSpan.FromSeconds(10));
            await Task.WhenAll(readers); // throws what a reader was told
        }
    }
}
