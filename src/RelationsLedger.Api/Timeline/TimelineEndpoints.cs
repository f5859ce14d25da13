using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Application.Queries.Timelines;

namespace RelationsLedger.Api.Timeline;

/// <summary><c>GET /relationships/{a}/{b}/timeline?knownAt=</c>: a relationship over effective time, as the workbench draws it.</summary>
public static class TimelineEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/relationships").WithTags("Relationships")
            .MapGet("/{a}/{b}/timeline", async Task<IResult> (string a, string b, string? knownAt, [FromServices] IMediator mediator, CancellationToken ct) =>
                QueryInput.TryKnownAt(knownAt, out var at, out var error)
                    ? TypedResults.Ok(await mediator.SendAsync(new GetRelationshipTimeline(a, b, at), QueryFields.Relationship, ct))
                    : error!)
            .WithName("GetRelationshipTimeline")
            .WithSummary("A relationship over effective time, optionally as known at a moment (knownAt, ISO 8601): one lane per kind and identity with its spans and points, the moments its record changed, and every event with its provenance.")
            .Produces<RelationshipTimelineView>().ProducesValidationProblem();
}
