using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// A caller's answer, decided where its group is written (the first decision stands, as a <see cref="TaskCompletionSource{T}"/>'s
/// <c>TrySet…</c>) and given later by <see cref="Give"/>, which runs the caller's continuation on the thread that gives it. The
/// writer decides; <see cref="WriteQueue"/> chooses the thread: so a group's callers can be answered together, one after
/// another, by one thread of the pool's, where each answered by itself woke a worker of its own (docs/performance.md, round 69).
/// </summary>
internal sealed class AppendAnswer
{
    private readonly TaskCompletionSource<IReadOnlyList<AppendResult>> _given = new();
    private IReadOnlyList<AppendResult>? _results;
    private Exception? _error;
    private CancellationToken? _cancelled;

    public Task<IReadOnlyList<AppendResult>> Task => _given.Task;

    private bool Decided => _results is not null || _error is not null || _cancelled is not null;

    public bool TrySetResult(IReadOnlyList<AppendResult> results)
    {
        if (Decided) return false;
        _results = results;
        return true;
    }

    public bool TrySetException(Exception error)
    {
        if (Decided) return false;
        _error = error;
        return true;
    }

    public bool TrySetCanceled(CancellationToken ct)
    {
        if (Decided) return false;
        _cancelled = ct;
        return true;
    }

    /// <summary>Gives the answer decided by a work item of its own on the pool: the caller's continuation runs there, beside the others'.</summary>
    public void GiveOnThePool() => ThreadPool.UnsafeQueueUserWorkItem(static a => a.Give(), this, preferLocal: false);

    /// <summary>Gives the answer decided: the caller's continuation runs here, on this thread, before this returns.</summary>
    public void Give()
    {
        if (_results is not null) _given.TrySetResult(_results);
        else if (_error is not null) _given.TrySetException(_error);
        else if (_cancelled is { } ct) _given.TrySetCanceled(ct);
        else _given.TrySetException(new InvalidOperationException("The group commit ended without answering this append: nothing is known of it."));
    }
}
