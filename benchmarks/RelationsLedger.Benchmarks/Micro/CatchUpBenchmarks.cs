using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Projections;
using RelationsLedger.Projections.Runner;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Benchmarks.Micro;

/// <summary>
/// What a query pays before it reads the read model: the catch-up of a read model that is already current.
/// <c>--filter '*CatchUpBenchmarks*'</c>; the store is <c>RL_READ_STORE</c> (its read model beside it is caught up first).
/// </summary>
[MemoryDiagnoser]
public class CatchUpBenchmarks
{
    private ServiceProvider _services = null!;
    private ProjectionRunner _runner = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var path = Environment.GetEnvironmentVariable("RL_READ_STORE") ?? "/tmp/rlbench/b100k.db";
        var store = await SqliteEventStore.OpenAsync(path);
        var services = new ServiceCollection();
        services.AddRelationsLedger();
        services.AddSingleton<RelationsLedger.Application.Storage.IEventStore>(store);
        services.AddProjections(ReadModelDatabase.PathFor(path));
        _services = services.BuildServiceProvider();
        _runner = _services.GetRequiredService<ProjectionRunner>();
        await _runner.CatchUpAsync();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public Task<long> CatchUpWhenCurrent() => _runner.CatchUpAsync();
}
