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
    private readonly object _gate = new();
    private List<PendingAppend> _pending = [];
    private bool _writing;

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
    /// The caller that found no writer writes the first group itself (no thread hop for a lone writer);
    /// what arrived meanwhile is written by a pool thread, so this caller is not kept writing for others.
    /// </summary>
    private async Task LeadAsync()
    {
        await commitGroup(Take());
        if (!Release()) _ = Task.Run(DrainAsync);
    }

    private async Task DrainAsync()
    {
        do await commitGroup(Take());
        while (!Release());
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
