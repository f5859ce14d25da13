using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RelationsLedger.Api.Errors;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// The places for answers in flight: at most <c>Api:MaxAnswers</c> on the server and <c>Api:MaxAnswersPerKey</c> for one
/// API key, each held from the request until the answer's last byte is written or its client is gone. An answer (a page
/// of 1,000 events, a history, <c>changed</c> over years) is made whole before it is written — a page's <c>Link</c>
/// header names where the page ended, and no read of the store may stay open while a client that stopped reading holds
/// the socket — so its memory is the answer's size: unbounded, one reader key asking 200 times at once for a 3.1 MB page
/// took the server from 445 MB to 1.1 GB (docs/performance.md, round 24). An answer whose writing makes no progress for
/// <c>Api:StalledAnswerSeconds</c> has its connection aborted (<see cref="WatchedResponseBody"/>): else a client that stopped
/// reading kept its place for as long as it kept its connection open.
/// </summary>
public sealed class AnswerSlots(IOptions<ApiOptions> options) : Slots(new Kind(
    "answers", "in flight",
    options.Value.MaxAnswers, "Api:MaxAnswers", ProblemTypes.TooManyAnswers,
    options.Value.MaxAnswersPerKey, "Api:MaxAnswersPerKey", ProblemTypes.TooManyAnswersForKey,
    ToFree: $"read one to its end (an answer whose client stops reading gives its place back once its writing has made no progress for " +
        $"{options.Value.StalledAnswerSeconds} s, Api:StalledAnswerSeconds)",
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
    /// and gives it back when the answer is sent, its client gone, or its writing stalled for <c>Api:StalledAnswerSeconds</c>.
    /// </summary>
    public static IApplicationBuilder UseAnswerSlots(this IApplicationBuilder app)
    {
        var deadline = app.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value.StalledAnswer;
        return app.Use((http, next) => AnswerAsync(http, next, deadline));
    }

    private static async Task AnswerAsync(HttpContext http, RequestDelegate next, TimeSpan deadline)
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
        var body = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        http.Features.Set<IHttpResponseBodyFeature>(new WatchedResponseBody(body, deadline, written => GiveUp(http, deadline, written)));
        try
        {
            await next(http);
        }
        finally
        {
            http.Features.Set(body);
            place.Release();
        }
    }

    /// <summary>The answer's client stopped reading: its connection is aborted, which ends the answer and gives its place back.</summary>
    private static void GiveUp(HttpContext http, TimeSpan deadline, long written)
    {
        http.RequestServices.GetRequiredService<ILogger<AnswerSlots>>().LogWarning(
            "The answer to the key '{Key}' for {Path} made no progress for {Seconds} s after {Bytes} bytes (Api:StalledAnswerSeconds): its client " +
            "stopped reading, so its connection is aborted and its place given back.",
            http.User.Identity?.Name, http.Request.Path.Value, deadline.TotalSeconds, written);
        http.Abort();
    }
}
