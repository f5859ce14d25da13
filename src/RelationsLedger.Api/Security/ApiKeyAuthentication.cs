using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RelationsLedger.Api.Errors;

namespace RelationsLedger.Api.Security;

/// <summary>
/// Authenticates a request by its API key, from <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key</c>.
/// No key, or an unknown one: 401 with <c>WWW-Authenticate</c>. A known key without the role an endpoint
/// needs: 403. Both answers are problem details that name what is wrong and never echo the key.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    private const string Realm = "RelationsLedger";
    private const string UnknownKey = "unknown-key";

    /// <summary>Which configured key a request came with (its hash: names need not be unique), for bounds per key.</summary>
    public const string KeyClaim = "urn:relationsledger:key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (presented, problem, refused) = Presented(Request);
        if (problem is not null) Context.Items[Refusal] = problem;
        if (refused)
        {
            Context.Items[UnknownKey] = true;
            return Task.FromResult(AuthenticateResult.Fail(problem!));
        }
        if (presented is null) return Task.FromResult(AuthenticateResult.NoResult()); // no key (an 'Authorization' of another scheme holds none)
        if (keys.Find(presented) is not { } key)
        {
            Context.Items[UnknownKey] = true;
            return Task.FromResult(AuthenticateResult.Fail("The API key is not one of the configured keys."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role), new Claim(KeyClaim, key.Hash.ToLowerInvariant())], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>
    /// The one key a request gives, or why it gives none that can be taken (never quoting a header's value: it may be a key).
    /// A reader key in one header and a recorder key in the other was taken as the first, whatever the client meant.
    /// </summary>
    /// <returns><c>Refused</c>: keys were given, but not one that can be taken (a 401 as for an unknown key).</returns>
    private static (string? Key, string? Problem, bool Refused) Presented(HttpRequest request)
    {
        var (authorization, header) = (request.Headers.Authorization, request.Headers[HeaderName]);
        if (authorization.Count > 1 || header.Count > 1)
        {
            var (name, times) = authorization.Count > 1 ? ("Authorization", authorization.Count) : (HeaderName, header.Count);
            return (null, $"'{name}' is given {times} times; a request gives one key, once.", true);
        }
        var text = authorization.ToString();
        var bearer = text.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? NonEmpty(text["Bearer ".Length..]) : null;
        var fromHeader = NonEmpty(header.ToString());
        if (bearer is not null && fromHeader is not null && bearer != fromHeader)
            return (null, $"Two different keys are given, one in 'Authorization: Bearer' and another in '{HeaderName}': give one key, in one of them.", true);
        if ((bearer ?? fromHeader) is { } key) return (key, null, false);
        return (null, text.Length > 0 ? "'Authorization' is read only as 'Bearer <key>' (the word Bearer, a space, then the key), which the one given is not." : null, false);
    }

    private static string? NonEmpty(string text) => text.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    /// <summary>Why the key a request gave cannot be taken, for the 401's detail.</summary>
    private const string Refusal = "key-refusal";

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var unknown = Context.Items.ContainsKey(UnknownKey);
        Response.Headers.WWWAuthenticate = unknown
            ? $"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"unknown API key\""
            : $"Bearer realm=\"{Realm}\"";
        return Problems.WriteAsync(Context, new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Type = ProblemTypes.Unauthenticated,
            Title = "An API key is required.",
            Detail = Context.Items[Refusal] is string refusal
                ? $"{refusal} Give an API key as 'Authorization: Bearer <key>' or '{HeaderName}: <key>'."
                : unknown
                ? "The API key given is not one of the configured keys."
                : $"Give an API key as 'Authorization: Bearer <key>' or '{HeaderName}: <key>'.",
        });
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Type = ProblemTypes.Forbidden,
            Title = "This API key may not do that.",
            Detail = $"The key '{Context.User.Identity?.Name}' has the role '{Context.User.FindFirstValue(ClaimTypes.Role)}'; recording needs a key with the role '{Roles.Recorder}'.",
        });
}
