using FluentValidation.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using RelationsLedger.Api.Errors;
using RelationsLedger.Api.Feed;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Api.Relationships;

/// <summary>
/// One relationship: its state as of a day (as known at a moment), its history, and one recorded event.
/// The order of A and B does not matter: RU/taliban and taliban/RU are the same relationship.
/// Also <c>GET /relationships/changed</c>, the relationships that changed in a window.
/// </summary>
public static class RelationshipEndpoints
{
    public static string EventPath(string stream, ulong revision) =>
        RelationshipKey.TryParseStream(stream, out var key) ? $"/relationships/{key!.First}/{key.Second}/events/{revision}" : "/events";

    private static IResult NoRevision(string revision) =>
        Problems.Validation("revision", $"'revision' must be a whole number, 0 or more (an event's revision in its relationship's stream); '{revision}' is not.");

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/relationships").WithTags("Relationships");

        group.MapGet("/{a}/{b}/state", async (HttpContext http, string a, string b, string? asOf, string? knownAt, CancellationToken ct) =>
            {
                var failures = new List<ValidationFailure>();
                var request = new GetRelationshipState(a, b, asOf ?? QueryInput.Today(), QueryInput.KnownAt(knownAt, failures));
                return TypedResults.Ok(await http.AskAsync(request, QueryFields.Relationship, failures, ct));
            })
            .WithName("GetRelationshipState")
            .WithSummary("The state of a relationship as of a day (asOf, YYYY-MM-DD, default today), optionally as known at a moment (knownAt, ISO 8601).")
            .Produces<RelationshipStateView>().ProducesValidationProblem();

        group.MapGet("/{a}/{b}/history", async (HttpContext http, string a, string b, CancellationToken ct) =>
            TypedResults.Ok(await http.AskAsync(new GetHistory(a, b), QueryFields.Relationship, ct: ct)))
            .WithName("GetHistory")
            .WithSummary("Every event recorded for a relationship, in recording order: both times, recorder, sources, hashes and mends.")
            .Produces<IReadOnlyList<HistoryEntry>>().ProducesValidationProblem();

        group.MapGet("/{a}/{b}/events/{revision:long}", async Task<IResult> (HttpContext http, string a, string b, long revision, [FromServices] IEventStore store, CancellationToken ct) =>
            {
                if (FeedInput.Relationship(a, b, out var key) is { } invalid) return invalid;
                // ASCII digits, as a feed position: the route's number also takes a sign and spaces around it ('+1', ' 1', '-0').
                if (http.Request.RouteValues["revision"] is not string text || text.Length == 0 || !text.All(char.IsAsciiDigit)) return NoRevision(http.Request.RouteValues["revision"]?.ToString() ?? "");
                await foreach (var e in store.ReadStreamAsync(key!.StreamName, ReadDirection.Forwards, (ulong)revision, 1, ct))
                    if (e.Revision == (ulong)revision) return TypedResults.Ok(FeedItem.Of(e));
                return Problems.Problem(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "No such event.",
                    $"The relationship {key} has no event at revision {revision}.");
            })
            .WithName("GetRelationshipEvent")
            .WithSummary("One recorded event of a relationship, by its revision in the relationship's stream (where a command's Location points).")
            .Produces<FeedItem>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        // What the route above does not take (no number, or beyond a long) would miss every route and be a 404 "no such
        // path"; it is a revision that cannot be, named as such.
        group.MapGet("/{a}/{b}/events/{revision}", (string a, string b, string revision) =>
                FeedInput.Relationship(a, b, out _) is { } invalid ? invalid : NoRevision(revision))
            .ExcludeFromDescription();

        group.MapGet("/changed", async (HttpContext http, string? from, string? to, string? knownAt, CancellationToken ct) =>
            {
                var failures = new List<ValidationFailure>();
                var request = new GetChangedRelationships(from ?? "", to ?? "", QueryInput.KnownAt(knownAt, failures));
                return TypedResults.Ok(await http.AskAsync(request, QueryFields.None, failures, ct));
            })
            .WithName("GetChangedRelationships")
            .WithSummary("Every relationship with a fact that took effect between two days (from, to: YYYY-MM-DD, inclusive), and those facts.")
            .Produces<ChangedRelationshipsView>().ProducesValidationProblem();
    }
}
