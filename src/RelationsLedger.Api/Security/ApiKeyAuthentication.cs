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
        if (Presented(Request) is not { } presented) return Task.FromResult(AuthenticateResult.NoResult());
        if (keys.Find(presented) is not { } key)
        {
            Context.Items[UnknownKey] = true;
            return Task.FromResult(AuthenticateResult.Fail("The API key is not one of the configured keys."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role), new Claim(KeyClaim, key.Hash.ToLowerInvariant())], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.Authorization.ToString() is { Length: > 0 } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization["Bearer ".Length..].Trim() is { Length: > 0 } bearer ? bearer : null;
        return request.Headers[HeaderName].ToString() is { Length: > 0 } header ? header.Trim() : null;
    }

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
            Detail = unknown
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
