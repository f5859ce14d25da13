using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Api.Health;

/// <summary>
/// Readiness: the event store answers a real read (for KurrentDB, a call to the server; for the
/// embedded store, the file is opened and read — or, before the first event, its folder exists).
/// The answer says only healthy or not: the reason goes to the log, not to anonymous callers.
/// </summary>
public sealed class StoreReachable(IEventStore store) : IHealthCheck
{
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            if (store is SqliteEventStore { Exists: false } embedded)
                return Directory.Exists(Path.GetDirectoryName(embedded.Path))
                    ? HealthCheckResult.Healthy("empty store; its folder exists")
                    : HealthCheckResult.Unhealthy("the store's folder does not exist");
            await foreach (var _ in store.ReadAllAsync(null, 1, StreamFilter.All, timeout.Token)) break;
            return HealthCheckResult.Healthy("store reachable");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("store unreachable", e);
        }
    }
}
