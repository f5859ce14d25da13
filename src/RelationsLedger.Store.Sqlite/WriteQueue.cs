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

    private readonly object _gate = new();
    private List<PendingAppend> _pending = [];
    private bool _writing;
    private bool _handedOver; // the lead left what arrived meanwhile to the drain thread, which has not taken it up yet
    private bool _drainThread; // the drain thread is running (writing or waiting for a handover)

    public Task<IReadOnlyList<Application.Storage.AppendResult>> EnqueueAsync(PendingAppend append)
    {
        bool lead;
        lock (_gate)
        {
            _pending.Add(append);
            lead = !_writing;
            _writing = true;
        }
        if (lead) _ = LeadAsync();
        return append.Done.Task;
    }

    /// <summary>
    /// The caller that found no writer writes the first group itself (no thread hop for a lone writer); what arrived
    /// meanwhile is written by the drain thread, so this caller is not kept writing for others.
    /// </summary>
    private async Task LeadAsync()
    {
        await CommitAsync(Take());
        if (!Release()) HandOver();
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
            do CommitAsync(Take()).GetAwaiter().GetResult();
            while (!Release());
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

    /// <summary>Waits up to <see cref="IdleMilliseconds"/> for a handover; false: the thread ends.</summary>
    private bool TakeOver()
    {
        lock (_gate)
        {
            if (!_handedOver) Monitor.Wait(_gate, IdleMilliseconds);
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
