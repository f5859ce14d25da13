using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>Opens stores and the application on them, the way the CLI does.</summary>
public static class Ledgers
{
    /// <summary>The embedded store; <c>--durability normal</c> opts out of a sync per commit (see <see cref="SqliteDurability"/>).</summary>
    public static Task<SqliteEventStore> OpenSqliteAsync(string path, Options? o = null) =>
        SqliteEventStore.OpenAsync(path, o?.Text("durability") is "normal" ? SqliteDurability.Normal : SqliteDurability.Full);

    /// <summary>The application's services (MediatR, validators, handlers) on <paramref name="store"/>.</summary>
    public static ServiceProvider Services(IEventStore store, Options? o = null)
    {
        var services = new ServiceCollection();
        // --cache-mb N: how many MB of decoded events the history cache keeps (the product's default otherwise).
        if (CacheOptions(o) is { } cache) services.AddSingleton(cache);
        services.AddRelationsLedger();
        services.AddSingleton(store);
        return services.BuildServiceProvider();
    }

    /// <summary>The application's services with the read model beside the store file answering the questions, as the CLI has them.</summary>
    public static ServiceProvider WithProjections(IEventStore store, string path, Options? o = null)
    {
        var services = new ServiceCollection();
        if (CacheOptions(o) is { } cache) services.AddSingleton(cache);
        services.AddRelationsLedger();
        services.AddSingleton(store);
        // --fold-ahead-from N: a rebuild's streams folded on its decoder thread from a backlog of N chunks (0: every one; 9: none).
        services.AddProjections(Projections.ReadModelDatabase.PathFor(path), o?.Long("fold-ahead-from") is { } from
            ? new Projections.Runner.ProjectionOptions { FoldAheadFromBacklog = (int)from } : null);
        return services.BuildServiceProvider();
    }

    /// <summary>The history cache's budget given by <c>--cache-mb N</c>, or null for the product's default.</summary>
    public static HistoryCacheOptions? CacheOptions(Options? o) => o?.Long("cache-mb") is { } mb ? new(mb << 20) : null;

    /// <summary>Sends one request in its own scope, as the CLI and an API request do.</summary>
    public static async Task<T> SendAsync<T>(this ServiceProvider services, IRequest<T> request, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
    }

    /// <summary>A working copy of a prepared ledger, so a scenario that writes never changes the original.</summary>
    public static string WorkingCopy(string path)
    {
        var copy = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $"{Path.GetFileNameWithoutExtension(path)}.work-{Environment.ProcessId}.db");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(path + suffix)) File.Copy(path + suffix, copy + suffix, overwrite: true);
        return copy;
    }

    public static void Delete(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(path + suffix)) File.Delete(path + suffix);
    }
}

/// <summary>Loads relationships into the history cache before a timed run (<c>--prewarm</c>): a long-running process's steady state.</summary>
public static class Prewarm
{
    /// <summary>Loads the relationships <paramref name="commands"/> will record to into the history cache.</summary>
    public static Task RunAsync(IServiceProvider services, IEnumerable<RecordCommand> commands) =>
        RunAsync(services, commands.Select(c => Domain.Parties.RelationshipKey.Of(c.Parties().A, c.Parties().B)));

    public static async Task RunAsync(IServiceProvider services, IEnumerable<Domain.Parties.RelationshipKey> keys)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var count = 0;
        await using var scope = services.CreateAsyncScope();
        var repository = scope.ServiceProvider.GetRequiredService<RelationshipRepository>();
        foreach (var key in keys.Distinct())
        {
            _ = (await repository.LoadAsync(key)).Basis;
            count++;
        }
        Measure.Report("prewarmed history cache", $"{count:N0} relationships, {services.GetRequiredService<HistoryCache>().Bytes >> 20:N0} MB of events held in {watch.Elapsed.TotalSeconds:N1} s");
    }
}
