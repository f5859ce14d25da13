using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RelationsLedger.Api.Health;

/// <summary>
/// <c>GET /health/live</c> (the process answers) and <c>GET /health/ready</c> (and its store is
/// reachable: 503 otherwise); anonymous. Route handlers over the health-check service rather than
/// MapHealthChecks, so that they appear in the OpenAPI document like every other endpoint.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public sealed record HealthView(string Status, IReadOnlyDictionary<string, string> Checks);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/live", () => TypedResults.Ok(new HealthView("healthy", new Dictionary<string, string>())))
            .WithName("Live").WithSummary("Liveness: the process answers.")
            .Produces<HealthView>();
        group.MapGet("/ready", async ([FromServices] HealthCheckService health, CancellationToken ct) =>
            {
                var report = await health.CheckHealthAsync(c => c.Tags.Contains(ReadyTag), ct);
                var view = new HealthView(Name(report.Status), report.Entries.ToDictionary(e => e.Key, e => Name(e.Value.Status)));
                return report.Status == HealthStatus.Healthy ? TypedResults.Ok(view) : Results.Json(view, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .WithName("Ready").WithSummary("Readiness: the event store is reachable (503 when not).")
            .Produces<HealthView>().Produces<HealthView>(StatusCodes.Status503ServiceUnavailable);
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
