using BenchmarkDotNet.Attributes;
using RelationsLedger.Application.Storage;
using RelationsLedger.Benchmarks.Generation;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Benchmarks.Micro;

/// <summary>
/// The embedded store's append: one event per transaction (a command) at each durability, and a
/// batch of 1,000 events in one transaction (an import). <c>--filter '*SqliteAppendBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class SqliteAppendBenchmarks
{
    private SqliteEventStore _store = null!;
    private string _path = "";
    private EventData[] _events = [];
    private int _next;

    [Params(SqliteDurability.Full, SqliteDurability.Normal)]
    public SqliteDurability Durability { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"rl-append-{Environment.ProcessId}.db");
        _store = await SqliteEventStore.OpenAsync(_path, Durability);
        var template = LongRelationship.Events[0];
        var (data, _) = RelationshipRepository.Seal(template.Key.StreamName, template.EventId, template.Event, template.EffectiveDate, template.Provenance, null);
        _events = Enumerable.Range(0, 1000).Select(_ => data with { EventId = Guid.NewGuid() }).ToArray();
    }

    [Benchmark]
    public Task<AppendResult> AppendOne() =>
        _store.AppendAsync($"relationship-AA~B{_next++}", ExpectedRevision.NoStream, [_events[0] with { EventId = Guid.NewGuid() }]);

    [Benchmark(OperationsPerInvoke = 1000)]
    public Task<IReadOnlyList<AppendResult>> AppendBatchOf1000() =>
        _store.AppendManyAsync([new StreamAppend($"relationship-AA~C{_next++}", ExpectedRevision.NoStream,
            _events.Select(e => e with { EventId = Guid.NewGuid() }).ToArray())]);

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _store.DisposeAsync();
        Macro.Ledgers.Delete(_path);
    }
}
