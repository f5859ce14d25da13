using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Health;

/// <summary>
/// Readiness: the event store answers a real read (<see cref="IEventStore.ProbeAsync"/>: for KurrentDB, a
/// call to the server; for the embedded store, the file on disk — before the first event there is nothing
/// to read, and that is fine).
/// The answer says only healthy or not: the reason goes to the log, not to anonymous callers — said as every other call's failure
/// is: the store away is one failure of an outage (<see cref="StoreOutage"/>: a line when it starts, one a minute, one when it
/// ends), another ledger one refusal (<see cref="AnotherLedgerLog"/>); anything else at Error with its stack, here. Before round 56
/// the health service logged each failed probe at Error with its stack (17 lines): a load balancer probing every few seconds
/// through a node's restart wrote the flood of lines round 45 took out of the pages', questions' and commands' failures.
/// </summary>
public sealed class StoreReachable(IEventStore store, StoreOutage outage, AnotherLedgerLog anotherLedger, ILogger<StoreReachable> log) : IHealthCheck
{
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>What the log's lines call a failed probe.</summary>
    private const string What = "GET /health/ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await store.ProbeAsync(timeout.Token);
            return HealthCheckResult.Healthy("store reachable");
        }
        catch (StoreUnavailableException e) when (e.AnotherLedger)
        {
            anotherLedger.Refused(e, What);
            return HealthCheckResult.Unhealthy("store holds another ledger");
        }
        catch (Exception e) when (e is StoreUnavailableException { IsRefusal: false, Unwritable: false }
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)) // a node that does not answer within the timeout (paused, overloaded)
        {
            outage.Failed(e, What);
            return HealthCheckResult.Unhealthy("store unreachable");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            log.LogError(e, "The readiness probe found the event store {Store} unusable", store.Description);
            return HealthCheckResult.Unhealthy("store unusable");
        }
    }
}
