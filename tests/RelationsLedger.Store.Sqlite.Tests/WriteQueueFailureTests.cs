using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// The group commit answers every caller of its group; when it throws instead (the store disposed under it), the queue tells
/// the group's callers and goes on. Round 66 moved the writing of what queues behind a lone caller to a thread of the store's
/// own, where an exception escaping would end the process; before, on a pool thread, it was dropped unseen and its callers
/// waited for ever, the queue "writing" for good.
/// </summary>
public sealed class WriteQueueFailureTests
{
    private static PendingAppend Append(string stream) => new([new StreamAppend(stream, ExpectedRevision.Any, [])], CancellationToken.None);

    [Fact]
    public async Task A_group_commit_that_throws_fails_its_callers_and_the_queue_writes_the_next_group()
    {
        var firstEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var groups = 0;
        var queue = new WriteQueue(async group =>
        {
            switch (Interlocked.Increment(ref groups))
            {
                case 1: // the lone caller's own group, held until the next caller has queued behind it
                    firstEntered.SetResult();
                    await releaseFirst.Task;
                    foreach (var p in group) p.Done.TrySetResult([]);
                    break;
                case 2: // the group written after it, on the drain thread: throws without answering
                    throw new ObjectDisposedException("the store");
                default:
                    foreach (var p in group) p.Done.TrySetResult([]);
                    break;
            }
        });

        var first = queue.EnqueueAsync(Append("relationship-A~B"));
        await firstEntered.Task;
        var second = queue.EnqueueAsync(Append("relationship-C~D"));
        releaseFirst.SetResult();

        await first.WaitAsync(TimeSpan.FromSeconds(20));
        var failed = await Assert.ThrowsAsync<ObjectDisposedException>(() => second.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("the store", failed.Message, StringComparison.Ordinal);
        // The queue is not left writing: the next caller is written.
        await queue.EnqueueAsync(Append("relationship-E~F")).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(3, groups);
    }
}
