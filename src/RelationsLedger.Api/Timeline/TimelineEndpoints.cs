using FluentValidation.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Application.Queries.Timelines;

namespace RelationsLedger.Api.Timeline;

/// <summary><c>GET /relationships/{a}/{b}/timeline?knownAt=</c>: a relationship over effective time, as the workbench draws it.</summary>
public static class TimelineEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/relationships").WithTags("Relationships")
            .MapGet("/{a}/{b}/timeline", async (HttpContext http, string a, string b, string? knownAt, CancellationToken ct) =>
            {
                var failures = new List<ValidationFailure>();
                var request = new GetRelationshipTimeline(a, b, QueryInput.KnownAt(knownAt, failures));
                return TypedResults.Ok(await http.AskAsync(request, QueryFields.Relationship, failures, ct));
            })
            .WithName("GetRelationshipTimeline")
            .WithSummary("A relationship over effective time, optionally as known at a moment (knownAt, ISO 8601): one lane per kind and identity with its spans and points, the moments its record changed, and every event with its provenance.")
            .Produces<RelationshipTimelineView>().ProducesValidationProblem();
}
