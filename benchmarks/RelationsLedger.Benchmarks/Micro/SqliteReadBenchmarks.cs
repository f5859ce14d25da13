using BenchmarkDotNet.Attributes;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Benchmarks.Micro;

/// <summary>
/// The embedded store's small reads, as a read model's catch-up before a query makes them: the log's head, one event
/// of a stream, and an empty read of the log after its end. <c>--filter '*SqliteReadBenchmarks*'</c>; the store is
/// <c>RL_READ_STORE</c> (default /tmp/rlbench/b100k.db, read only).
/// </summary>
[MemoryDiagnoser]
public class SqliteReadBenchmarks
{
    private SqliteEventStore _store = null!;
    private GlobalPosition _head;
    private RecordedEvent _last = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _store = await SqliteEventStore.OpenAsync(Environment.GetEnvironmentVariable("RL_READ_STORE") ?? "/tmp/rlbench/b100k.db");
        _head = (await _store.HeadAsync())!.Value;
        await foreach (var e in _store.ReadAllAsync(GlobalPosition.Of(_head.Commit - 1), 1, StreamFilter.Relationships)) _last = e;
    }

    [Benchmark]
    public Task<GlobalPosition?> Head() => _store.HeadAsync();

    [Benchmark]
    public async Task<Guid> OneEventOfAStream()
    {
        await foreach (var e in _store.ReadStreamAsync(_last.Stream, ReadDirection.Forwards, _last.Revision, 1)) return e.EventId;
        return Guid.Empty;
    }

    [Benchmark]
    public async Task<int> NothingAfterTheHead()
    {
        var n = 0;
        await foreach (var _ in _store.ReadAllAsync(_head, 5000, StreamFilter.Relationships)) n++;
        return n;
    }
}
