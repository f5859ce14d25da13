using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using RelationsLedger.Api.Errors;
using RelationsLedger.Api.Security;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// Places for work that holds the server's memory for as long as its client takes (an event stream, an answer being
/// sent): at most <see cref="Kind.Max"/> on the server and <see cref="Kind.PerKey"/> for one API key. The work takes a
/// place before it starts and gives it back when it ends, however it ends. Without the first bound, one reader key could
/// hold work until the server's memory was gone; without the second, it could take every place and lock every other key out.
/// </summary>
public abstract class Slots(Slots.Kind kind)
{
    /// <summary>When a refused client may try again: a place is free as soon as another client's work ends.</summary>
    public const int RetryAfterSeconds = RetryLater.Soon;

    /// <summary>
    /// What the places are for, in the words of the refusals: "<see cref="Many"/> are <see cref="Held"/>"; the settings
    /// that bound them; how a key frees one (<see cref="ToFree"/>) and what else it may do meanwhile (<see cref="Meanwhile"/>).
    /// </summary>
    public sealed record Kind(string Many, string Held, int Max, string MaxSetting, string ServerType, int PerKey, string PerKeySetting, string KeyType,
        string ToFree, string Meanwhile);

    private readonly Dictionary<string, int> _perKey = new(StringComparer.Ordinal);
    private int _open;

    /// <summary>A place for work of <paramref name="user"/>'s key, or the refusal to answer with (503 or 429).</summary>
    public bool TryTake(ClaimsPrincipal user, out Place place, out IResult? refusal)
    {
        // Every such request is made with a key (the fallback policy); no key configured means none at all.
        var key = user.FindFirstValue(ApiKeyAuthentication.KeyClaim) ?? "";
        lock (_perKey)
        {
            _perKey.TryGetValue(key, out var held);
            refusal = held >= kind.PerKey ? RefusedForKey(user.Identity?.Name ?? "")
                : _open >= kind.Max ? RefusedForServer()
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

    /// <summary>A place; given back once, when the work ends.</summary>
    public readonly record struct Place(Slots Slots, string Key)
    {
        public void Release() => Slots?.Release(Key);
    }

    /// <summary>503: the server is full, whoever asks.</summary>
    private RetryLater RefusedForServer() => new(Problems.Problem(StatusCodes.Status503ServiceUnavailable, kind.ServerType, $"Too many {kind.Many} are {kind.Held}.",
        $"The server has {kind.Max} {kind.Many} {kind.Held}, the most it keeps ({kind.MaxSetting}); try again in {RetryAfterSeconds} s{kind.Meanwhile}."), RetryAfterSeconds);

    /// <summary>429: this key holds its share; other keys are still served.</summary>
    private RetryLater RefusedForKey(string name) => new(Problems.Problem(StatusCodes.Status429TooManyRequests, kind.KeyType, $"Too many {kind.Many} are {kind.Held} with this key.",
        $"The key '{name}' has {kind.PerKey} {kind.Many} {kind.Held}, the most one key may hold ({kind.PerKeySetting}); {kind.ToFree} and try again in " +
        $"{RetryAfterSeconds} s{kind.Meanwhile}."), RetryAfterSeconds);
}
