using System.Diagnostics;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// The answers of one group written by the drain thread, given one after another by one work item of the pool: one worker
/// woken for the group, not one for each caller (each woke a worker that ran ~10 µs of its caller and then spun before it slept:
/// the pool's spinning was the largest share of the 16 writers' CPU, docs/performance.md, round 69). A caller whose continuation
/// blocks holds up the answers after its own only until <see cref="Stalled"/>: the drain thread then gives each of them its own
/// work item (<see cref="Scatter"/>), as every answer had before.
/// </summary>
internal sealed class GroupAnswers(WriteQueue queue, List<PendingAppend> group) : IThreadPoolWorkItem
{
    /// <summary>
    /// How long one work item gives answers before it gives the rest each a work item of its own: callers whose continuations are
    /// short (a writer that appends again, ~10–20 µs) share it; long ones (a served command's, the rest of its request) run side by
    /// side, as each answered on its own did — one after another they held each other up (served p99 higher in 6 of 7 pairs,
    /// docs/performance.md, round 69). Once a group's answers ran past it, the next group's are given side by side at once but for
    /// the first, whose continuation tells whether they still run long (<see cref="WriteQueue.AnswersRunLong"/>).
    /// </summary>
    private static readonly TimeSpan Budget = TimeSpan.FromMicroseconds(200);

    /// <summary>The answers being given now, on this thread: a caller answered here that appends again leaves its write to the queue.</summary>
    [ThreadStatic] private static GroupAnswers? t_giving;

    private readonly long _posted = Stopwatch.GetTimestamp();
    private int _next; // the next answer not yet claimed, by this work item or by a scatter
    private volatile bool _finished, _scattered;

    public WriteQueue Queue => queue;

    /// <summary>The group answers being given on this thread, if any.</summary>
    public static GroupAnswers? Giving => t_giving;

    /// <summary>Every answer this work item claimed given, and its continuation returned.</summary>
    public bool Finished => _finished;

    /// <summary>The rest given each on its own (<see cref="Scatter"/>): a caller answered here no longer leaves its write to these answers.</summary>
    public bool Scattered => _scattered;

    /// <summary>Not finished <paramref name="limit"/> after the group was posted: a caller's continuation blocked, or the pool is short of threads.</summary>
    public bool Stalled(TimeSpan limit) => !_finished && Stopwatch.GetElapsedTime(_posted) > limit;

    public void Post() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    public void Execute()
    {
        t_giving = this;
        try
        {
            var started = Stopwatch.GetTimestamp();
            if (queue.AnswersRunLong && TryClaim(out var first))
            {
                Scatter();
                first.Give();
            }
            else
                while (TryClaim(out var answer))
                {
                    answer.Give();
                    if (Stopwatch.GetElapsedTime(started) <= Budget) continue;
                    Scatter();
                    break;
                }
            queue.AnswersRunLong = Stopwatch.GetElapsedTime(started) > Budget;
        }
        finally
        {
            t_giving = null;
            _finished = true;
            queue.Answered(this);
        }
    }

    /// <summary>Each answer not yet claimed given by a work item of its own.</summary>
    public void Scatter()
    {
        _scattered = true;
        while (TryClaim(out var answer)) answer.GiveOnThePool();
    }

    private bool TryClaim(out AppendAnswer answer)
    {
        var i = Interlocked.Increment(ref _next) - 1;
        answer = i < group.Count ? group[i].Done : null!;
        return i < group.Count;
    }
}
