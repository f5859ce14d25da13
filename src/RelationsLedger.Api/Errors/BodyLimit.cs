using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RelationsLedger.Api.Hosting;

namespace RelationsLedger.Api.Errors;

/// <summary>The request body limit, enforced by Kestrel (MaxRequestBodySize) and answered here.</summary>
public static class BodyLimit
{
    public static IResult TooLarge(HttpContext http) => TooLarge(http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes);

    /// <summary>413 for a body over <paramref name="limit"/> bytes (a batch's limit is its own).</summary>
    public static IResult TooLarge(long limit)
    {
        return Problems.Problem(StatusCodes.Status413PayloadTooLarge, ProblemTypes.BodyTooLarge, "The request body is too large.",
            $"A request body may be at most {limit} bytes; nothing was recorded.", new Dictionary<string, object?> { ["limit"] = limit });
    }
}
