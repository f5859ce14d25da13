using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RelationsLedger.Api.Errors;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Api.Security;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// The places for event streams: at most <c>Api:MaxStreams</c> on the server and <c>Api:MaxStreamsPerKey</c> for one API
/// key. A stream takes one before it starts and gives it back when it ends, however it ends. Without the first, one
/// reader key could open streams until the server's memory was gone; without the second, it could take every place and
/// lock every other key out of the feed.
/// </summary>
public sealed class StreamSlots(IOptions<ApiOptions> options)
{
    /// <summary>When a refused client may try again: a stream's place is free as soon as another client goes away.</summary>
    public const int RetryAfterSeconds = 5;

    private readonly int _max = options.Value.MaxStreams;
    private readonly int _maxPerKey = options.Value.MaxStreamsPerKey;
    private readonly Dictionary<string, int> _perKey = new(StringComparer.Ordinal);
    private int _open;

    /// <summary>A place for a stream of <paramref name="user"/>'s key, or the refusal to answer with (503 or 429).</summary>
    public bool TryTake(ClaimsPrincipal user, out Place place, out IResult? refusal)
    {
        // Every stream is opened with a key (the fallback policy); no key configured means no stream at all.
        var key = user.FindFirstValue(ApiKeyAuthentication.KeyClaim) ?? "";
        lock (_perKey)
        {
            _perKey.TryGetValue(key, out var held);
            refusal = held >= _maxPerKey ? RefusedForKey(user.Identity?.Name ?? "")
                : _open >= _max ? RefusedForServer()
                : null;
            if (refusal is not null)
            {
                place = default;
                return false;
            }
            _perKey[key] = held + 1;
            _open++;
        }
        place = new Place(this, key);
        return true;
    }

    private void Release(string key)
    {
        lock (_perKey)
        {
            _open--;
            if (--_perKey[key] == 0) _perKey.Remove(key);
        }
    }

    /// <summary>A stream's place; given back once, when the stream ends.</summary>
    public readonly record struct Place(StreamSlots Slots, string Key)
    {
        public void Release() => Slots?.Release(Key);
    }

    /// <summary>503: the server is full, whoever asks.</summary>
    private Refusal RefusedForServer() => new(StatusCodes.Status503ServiceUnavailable, ProblemTypes.TooManyStreams, "Too many event streams are open.",
        $"The server has {_max} event streams open, the most it keeps (Api:MaxStreams); try again in {RetryAfterSeconds} s, or page with GET /events meanwhile.");

    /// <summary>429: this key holds its share; other keys are still served.</summary>
    private Refusal RefusedForKey(string name) => new(StatusCodes.Status429TooManyRequests, ProblemTypes.TooManyStreamsForKey, "Too many event streams are open with this key.",
        $"The key '{name}' has {_maxPerKey} event streams open, the most one key may hold (Api:MaxStreamsPerKey); close one (a client reconnecting holds its " +
        $"old stream until the server sees it gone) and try again in {RetryAfterSeconds} s, or page with GET /events meanwhile.");

    /// <summary>A refused stream: the problem, and when to ask again.</summary>
    private sealed class Refusal(int status, string type, string title, string detail) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Problem(status, type, title, detail).ExecuteAsync(http);
        }
    }
}
