using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RelationsLedger.Api.Errors;
using RelationsLedger.Api.Hosting;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// The places for event streams (<c>Api:MaxStreams</c>): a stream takes one before it starts and gives it back when it
/// ends, however it ends. Without them one reader key could open streams until the server's memory was gone.
/// </summary>
public sealed class StreamSlots(IOptions<ApiOptions> options)
{
    /// <summary>When a refused client may try again: a stream's place is free as soon as another client goes away.</summary>
    public const int RetryAfterSeconds = 5;

    private readonly int _max = options.Value.MaxStreams;
    private int _open;

    public bool TryTake()
    {
        if (Interlocked.Increment(ref _open) <= _max) return true;
        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _open);

    /// <summary>503 with <c>Retry-After</c>, naming the limit.</summary>
    public IResult Refusal() => new Refused(_max);

    private sealed class Refused(int max) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.TooManyStreams, "Too many event streams are open.",
                $"The server has {max} event streams open, the most it keeps (Api:MaxStreams); try again in {RetryAfterSeconds} s, or page with GET /events meanwhile.")
                .ExecuteAsync(http);
        }
    }
}
