using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Health;

/// <summary>
/// Readiness: the event store answers a real read (<see cref="IEventStore.ProbeAsync"/>: for KurrentDB, a
/// call to the server; for the embedded store, the file on disk — before the first event there is nothing
/// to read, and that is fine).
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
            await store.ProbeAsync(timeout.Token);
            return HealthCheckResult.Healthy("store reachable");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("store unreachable", e);
        }
    }
}
