using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RelationsLedger.Api.Errors;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// The places for answers in flight: at most <c>Api:MaxAnswers</c> on the server and <c>Api:MaxAnswersPerKey</c> for one
/// API key, each held from the request until the answer's last byte is written or its client is gone. An answer (a page
/// of 1,000 events, a history, <c>changed</c> over years) is made whole before it is written — a page's <c>Link</c>
/// header names where the page ended, and no read of the store may stay open while a client that stopped reading holds
/// the socket — so its memory is the answer's size: unbounded, one reader key asking 200 times at once for a 3.1 MB page
/// took the server from 445 MB to 1.1 GB (docs/performance.md, round 24).
/// </summary>
public sealed class AnswerSlots(IOptions<ApiOptions> options) : Slots(new Kind(
    "answers", "in flight",
    options.Value.MaxAnswers, "Api:MaxAnswers", ProblemTypes.TooManyAnswers,
    options.Value.MaxAnswersPerKey, "Api:MaxAnswersPerKey", ProblemTypes.TooManyAnswersForKey,
    ToFree: "read one to its end (an answer its client stopped reading keeps its place until its connection closes)",
    Meanwhile: ""));

/// <summary>How the API puts its questions under <see cref="AnswerSlots"/>.</summary>
public static class AnswerSlotsEndpoints
{
    /// <summary>The mark of an endpoint whose answers take a place.</summary>
    private sealed class Bounded
    {
        public static readonly Bounded Instance = new();
    }

    /// <summary>Each answer of these endpoints takes a place; the OpenAPI document says they may be refused (429, 503).</summary>
    public static TBuilder TakeAnswerPlaces<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Bounded.Instance).ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// Takes a place for every request to a marked endpoint, once its key was checked (so a refused key never takes one),
    /// and gives it back when the answer is sent or its client gone.
    /// </summary>
    public static IApplicationBuilder UseAnswerSlots(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<Bounded>() is null)
        {
            await next(http);
            return;
        }
        if (!http.RequestServices.GetRequiredService<AnswerSlots>().TryTake(http.User, out var place, out var refusal))
        {
            await refusal!.ExecuteAsync(http);
            return;
        }
        try
        {
            await next(http);
        }
        finally
        {
            place.Release();
        }
    });
}
