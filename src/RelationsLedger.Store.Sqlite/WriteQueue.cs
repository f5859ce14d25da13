namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// Group commit: appends that arrive while a transaction is being written and synced wait here, and
/// the next transaction takes all of them at once — one <c>BEGIN IMMEDIATE</c>, one commit and one sync
/// of the log for the whole group, however many writers there are. No delay is added to wait for a
/// group to fill: a lone writer is written at once, on its own thread; under load the groups grow
/// by themselves while the disk syncs.
/// </summary>
internal sealed class WriteQueue(Func<List<PendingAppend>, Task> commitGroup)
{
    /// <summary>How long the drain thread waits for more work before it ends; the next drain starts another.</summary>
    private const int IdleMilliseconds = 2_000;

    /// <summary>
    /// How long a group's answers (<see cref="GroupAnswers"/>) may take before the drain thread gives the rest each on its own and
    /// writes what their callers left to the queue: the most a caller whose continuation blocks holds up the others.
    /// </summary>
    private const int AnswersStallMilliseconds = 5;

    private readonly object _gate = new();
    private List<PendingAppend> _pending = [];
    private bool _writing;
    private bool _handedOver; // the lead left what arrived meanwhile to the drain thread, which has not taken it up yet
    private bool _drainThread; // the drain thread is running (writing or waiting for a handover)
    private GroupAnswers? _deferredBy; // answers being given whose callers appended again, found no writer, and left the write to them
    private readonly List<GroupAnswers> _answering = []; // the drain thread's own: answers it posted, not known to be all given

    /// <summary>The last group's answers ran past <see cref="GroupAnswers"/>' budget: the next group's are given side by side.</summary>
    internal volatile bool AnswersRunLong;

    private static readonly TimeSpan AnswersStall = TimeSpan.FromMilliseconds(AnswersStallMilliseconds);

    public Task<IReadOnlyList<Application.Storage.AppendResult>> EnqueueAsync(PendingAppend append)
    {
        bool lead;
        lock (_gate)
        {
            _pending.Add(append);
            lead = !_writing;
            _writing = true;
            if (lead && GroupAnswers.Giving is { Scattered: false } giving && giving.Queue == this)
            {
                // A caller answered with its group appends again: its write waits for the rest of the group's answers, so that
                // their next appends join it in one group, and is handed to the drain thread then (Answered), not written here,
                // on the thread that answers the others.
                _deferredBy = giving;
                lead = false;
            }
        }
        if (lead) _ = LeadAsync(append);
        return append.Done.Task;
    }

    /// <summary>A group's answers all given (<see cref="GroupAnswers.Execute"/>): a write they left to the queue goes to the drain thread.</summary>
    internal void Answered(GroupAnswers answers)
    {
        lock (_gate)
        {
            if (_deferredBy != answers) return;
            _deferredBy = null;
        }
        HandOver();
    }

    /// <summary>
    /// The caller that found no writer writes the first group itself (no thread hop for a lone writer); what arrived
    /// meanwhile is written by the drain thread, so this caller is not kept writing for others.
    /// </summary>
    private async Task LeadAsync(PendingAppend own)
    {
        var group = Take();
        await CommitAsync(group);
        if (!Release()) HandOver();
        // Answered once the writing is left to others: a continuation that blocks holds up its own caller only.
        foreach (var p in group)
            if (p != own) p.Done.GiveOnThePool();
        own.Done.Give(); // this caller, on its own thread: done before it awaits, nothing runs here
    }

    /// <summary>
    /// The drain is a thread of its own, not the pool's: a pool thread that answered a group put its callers' continuations
    /// on its own queue, and ran the last of them first — a caller that, finding no writer, wrote its next append alone,
    /// and again, while the others waited for the pool to take them from that queue: under 16 writers, runs of up to hundreds
    /// of groups of one (docs/performance.md, round 66). Answered from this thread, the callers go to the pool's common queue.
    /// </summary>
    private void HandOver()
    {
        lock (_gate)
        {
            _handedOver = true;
            if (_drainThread)
            {
                Monitor.Pulse(_gate);
                return;
            }
            _drainThread = true;
        }
        // Not the caller's execution context: the thread outlives the call and answers other callers.
        new Thread(Drain) { IsBackground = true, Name = "store group commit" }.UnsafeStart();
    }

    private void Drain()
    {
        while (TakeOver())
        {
            do
            {
                var group = Take();
                CommitAsync(group).GetAwaiter().GetResult();
                var answers = new GroupAnswers(this, group);
                _answering.Add(answers);
                answers.Post();
                RescueStalled();
            }
            while (!Release());
        }
    }

    /// <summary>
    /// The drain thread's look at the answers it posted: those stalled past <see cref="AnswersStall"/> have the rest given each on
    /// its own, and a write they left to the queue is taken over (set handed over); they are not looked at again. A caller whose
    /// continuation blocks so holds up the callers answered after it, and the appends queued behind their answers, that long at most.
    /// </summary>
    private void RescueStalled()
    {
        _answering.RemoveAll(a => a.Finished);
        for (var i = _answering.Count - 1; i >= 0; i--)
        {
            var answers = _answering[i];
            if (!answers.Stalled(AnswersStall)) continue;
            answers.Scatter();
            _answering.RemoveAt(i);
            lock (_gate)
                if (_deferredBy == answers)
                {
                    _deferredBy = null;
                    _handedOver = true;
                }
        }
    }

    /// <summary>
    /// Writes a group. The group commit answers every caller of its group; should it throw before it has (the store disposed
    /// under it), they are told here, not left waiting for ever — and the writer goes on: an exception escaping the drain
    /// thread would end the process (round 66; before, a pool thread's was dropped unseen, the queue left "writing" for good).
    /// </summary>
    private async Task CommitAsync(List<PendingAppend> group)
    {
        try
        {
            await commitGroup(group);
        }
        catch (Exception e)
        {
            foreach (var p in group) p.Done.TrySetException(e);
        }
    }

    /// <summary>
    /// Waits up to <see cref="IdleMilliseconds"/> for a handover, looking at the answers it posted every <see cref="AnswersStall"/>
    /// while some are not given; false: the thread ends.
    /// </summary>
    private bool TakeOver()
    {
        lock (_gate)
        {
            var idle = System.Diagnostics.Stopwatch.StartNew();
            while (!_handedOver)
            {
                RescueStalled();
                if (_handedOver) break;
                var left = IdleMilliseconds - (int)idle.ElapsedMilliseconds;
                if (_answering.Count == 0 && left <= 0) break;
                Monitor.Wait(_gate, _answering.Count > 0 ? AnswersStallMilliseconds : left);
            }
            if (!_handedOver)
            {
                _drainThread = false;
                return false;
            }
            _handedOver = false;
            return true;
        }
    }

    private List<PendingAppend> Take()
    {
        lock (_gate)
        {
            var group = _pending;
            _pending = [];
            return group;
        }
    }

    /// <summary>Stops writing when nothing is waiting; false when more arrived and the writer must go on.</summary>
    private bool Release()
    {
        lock (_gate)
        {
            if (_pending.Count > 0) return false;
            _writing = false;
            return true;
        }
    }
}
