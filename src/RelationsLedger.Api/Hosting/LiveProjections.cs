using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// Keeps the read models live while the server runs, on a catch-up subscription to the log. Queries
/// still catch up before answering (read-your-writes after a POST); this keeps that catch-up short.
/// A projection that stops on an event is logged and retried after a pause: the queries answer from
/// what is projected and say how far behind it is.
/// </summary>
public sealed class LiveProjections(ProjectionRunner runner, StoreOutage outage, AnotherLedgerLog anotherLedger, ILogger<LiveProjections> log) : BackgroundService
{
    public static TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runner.RunLiveAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException e) when (!e.IsRefusal)
            {
                // The store away: one failure of an outage, which the log says once (StoreOutage), not a stack every retry.
                outage.Failed(e, $"The projection {runner.Projection.Name}");
            }
            catch (StoreUnavailableException e) when (e.AnotherLedger)
            {
                // Refused until the server is restarted: said once for the whole server, not with a stack every retry.
                anotherLedger.Refused(e, $"The projection {runner.Projection.Name}");
            }
            catch (Exception e)
            {
                // Never let the host stop for it: writes and the feed do not need the read models.
                log.LogError(e, "The projection {Projection} stopped; retrying in {Delay}", runner.Projection.Name, RetryAfter);
            }
            try
            {
                await Task.Delay(RetryAfter, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
