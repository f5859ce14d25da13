using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using RelationsLedger.Api.Errors;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// The event feed, for downstream services: pages in global order (<c>GET /events</c>) and a live
/// stream (<c>GET /events/stream</c>, Server-Sent Events); the same for one relationship under
/// <c>/relationships/{a}/{b}/events</c>. Positions are the same in both, so a client can page to
/// catch up and then stream, or stream from any position it saved.
/// </summary>
public static class FeedEndpoints
{
    /// <param name="pages">Where the pages go (questions, each answer taking a place: <see cref="AnswerSlots"/>).</param>
    /// <param name="streams">Where the streams go: they hold places of their own (<see cref="StreamSlots"/>), for as long as they are open.</param>
    public static void Map(IEndpointRouteBuilder pages, IEndpointRouteBuilder streams)
    {
        var all = pages.MapGroup("/events").WithTags("Feed");
        all.MapGet("/", (HttpContext http, string? after, string? afterEventId, string? limit, string? type, string? stream, [FromServices] IEventStore store,
                [FromServices] IOptions<ApiOptions> options, CancellationToken ct) =>
                PageAsync(http, "/events", new(null, after, afterEventId), limit, type, stream, store, options.Value, ct))
            .WithName("GetEvents")
            .WithSummary("A page of the global log in order: events strictly after 'after' (a position; default the start; with 'afterEventId', only if that event is still there), at most 'limit', optionally only some types (comma-separated) or one stream.")
            .Produces<EventPage>().ProducesValidationProblem();
        streams.MapGroup("/events").WithTags("Feed").MapGet("/stream", (HttpRequest request, string? after, string? afterEventId, string? type, string? stream,
                [FromServices] IEventStore store, [FromServices] IOptions<ApiOptions> options, [FromServices] StreamSlots slots, CancellationToken ct) =>
                Stream(request, new(null, after, afterEventId), type, stream, store, options.Value, slots, ct))
            .WithName("StreamEvents")
            .WithSummary("The global log as Server-Sent Events: replays after Last-Event-ID (or 'after'), then goes live; 'id:' is the global position; heartbeats are comment lines.")
            .Produces<string>(StatusCodes.Status200OK, ServerSentEvents.ContentType).ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var one = pages.MapGroup("/relationships/{a}/{b}/events").WithTags("Feed");
        one.MapGet("/", (HttpContext http, string a, string b, string? after, string? afterEventId, string? limit, string? type, [FromServices] IEventStore store,
                [FromServices] IOptions<ApiOptions> options, CancellationToken ct) =>
                FeedInput.Relationship(a, b, out var key) is { } invalid
                    ? Task.FromResult(invalid)
                    : PageAsync(http, $"/relationships/{key!.First}/{key.Second}/events", new(null, after, afterEventId), limit, type, key.StreamName, store, options.Value, ct, streamInPath: true))
            .WithName("GetRelationshipEvents")
            .WithSummary("A page of one relationship's events, in global order, with the same positions and parameters as GET /events.")
            .Produces<EventPage>().ProducesValidationProblem();
        streams.MapGroup("/relationships/{a}/{b}/events").WithTags("Feed").MapGet("/stream", (HttpRequest request, string a, string b, string? after, string? afterEventId, string? type,
                [FromServices] IEventStore store, [FromServices] IOptions<ApiOptions> options, [FromServices] StreamSlots slots, CancellationToken ct) =>
                FeedInput.Relationship(a, b, out var key) is { } invalid
                    ? Task.FromResult(invalid)
                    : Stream(request, new(null, after, afterEventId), type, key!.StreamName, store, options.Value, slots, ct))
            .WithName("StreamRelationshipEvents")
            .WithSummary("One relationship's events as Server-Sent Events, as GET /events/stream.")
            .Produces<string>(StatusCodes.Status200OK, ServerSentEvents.ContentType).ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> PageAsync(HttpContext http, string path, FeedStart from, string? limit, string? type, string? stream,
        IEventStore store, ApiOptions options, CancellationToken ct, bool streamInPath = false)
    {
        for (var look = 1; ; look++)
        {
            var errors = new Dictionary<string, string[]>();
            var start = await FeedInput.StartAsync(from, store, errors, ct);
            var filter = FeedInput.Filter(stream, type, errors) with { StreamInPath = streamInPath };
            var size = FeedInput.Limit(limit, options.MaxPageSize, errors);
            if (errors.Count > 0) return Problems.Validation(errors);
            try
            {
                var page = await EventPage.ReadAsync(store, path, start.After, start.EventThere, size, filter, ct);
                http.Response.Headers.Link = $"<{page.Next}>; rel=\"next\"";
                return TypedResults.Ok(page);
            }
            // The page's read stands on the event its start's check found (EventPage.ReadAsync): another event or none there now is
            // a store file moved into place between the two. The question is asked again of the file as it is, whose check answers
            // it as any request after the move (a checked checkpoint of the other history is refused, naming afterEventId).
            catch (LogReplacedException) when (look < PageLooks)
            {
            }
            // Replaced at every look: files are being moved into the store's place faster than a page is read. Not the server's
            // fault (a 500) nor the request's (a 400): the store is not there to be read just now.
            catch (LogReplacedException)
            {
                return new RetryLater(Problems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.StoreUnavailable, "The event store is unavailable.",
                    $"The store's file was replaced under each of this page's {PageLooks} reads (another copy moved into its place each time); " +
                    "nothing was sent. Try again later."), RetryLater.Soon);
            }
        }
    }

    /// <summary>How many times a page is asked of a store whose file was replaced under its read before the replacement's error is its answer.</summary>
    private const int PageLooks = 3;

    /// <param name="from">The query's start; the request's <c>Last-Event-ID</c> is read here (<see cref="FeedInput.LastEventId"/>).</param>
    private static async Task<IResult> Stream(HttpRequest request, FeedStart from, string? type, string? stream, IEventStore store, ApiOptions options, StreamSlots slots, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var start = await FeedInput.StartAsync(@from with { LastEventId = FeedInput.LastEventId(request.Headers, errors) }, store, errors, ct);
        var filter = FeedInput.Filter(stream, type, errors);
        if (errors.Count > 0) return Problems.Validation(errors);
        // The place is given back by the stream when it ends (ServerSentEvents.ExecuteAsync, which runs next).
        return slots.TryTake(request.HttpContext.User, out var place, out var refusal) ? new ServerSentEvents(store, filter, start.After, start.EventThere, options.Heartbeat, options.StalledStream, place) : refusal!;
    }
}
