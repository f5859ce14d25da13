using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace RelationsLedger.Api.Errors;

/// <summary>
/// A refusal that a retry may get past, with <c>Retry-After</c> saying when to try: a client library (Polly, a browser's
/// fetch wrapper, the sample consumer) backs off by it, where without it many retry at once, at their own pace, into a
/// server that is already refusing.
/// </summary>
public sealed class RetryLater(IResult problem, int seconds) : IResult
{
    /// <summary>A place freed by another client, a store electing a leader, a read model catching up: seconds, not minutes.</summary>
    public const int Soon = 5;

    /// <summary>A refusal that holds until an operator acts (the server's clock set right): ask rarely, not never.</summary>
    public const int AfterAnOperator = 60;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return problem.ExecuteAsync(httpContext);
    }
}
