using System.Collections.Concurrent;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// Wakes live subscriptions in this process when any store instance on the same file appends.
/// Writers in other processes are seen by polling.
/// </summary>
internal sealed class AppendSignal
{
    private static readonly ConcurrentDictionary<string, AppendSignal> ByPath = new(StringComparer.Ordinal);
    private TaskCompletionSource _next = NewSource();

    public static AppendSignal For(string path) => ByPath.GetOrAdd(path, _ => new AppendSignal());

    public Task NextAsync() => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
