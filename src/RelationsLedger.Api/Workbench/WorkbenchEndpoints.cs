using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;

namespace RelationsLedger.Api.Workbench;

/// <summary>
/// The analyst's workbench: a web page served at <c>/</c> with its scripts and styles at <c>/workbench/…</c>, all
/// embedded in this assembly (Workbench/wwwroot), so it works offline and needs nothing from any other host. The page
/// and its assets are public — they hold no data; every question the page asks needs a key (the fallback policy), which
/// the analyst enters once per browser session. A content security policy keeps the page on its own origin.
/// </summary>
public static class WorkbenchEndpoints
{
    public const string AssetPath = "/workbench";

    /// <summary>Scripts, styles and fetches only from the page's own origin; no frames, no plug-ins, no other host.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    public static IReadOnlyCollection<string> AssetNames => Assets.Keys;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http) => Serve(http, "index.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet($"{AssetPath}/model.json", () => Model).AllowAnonymous().ExcludeFromDescription();
        app.MapGet($"{AssetPath}/{{name}}", (HttpContext http, string name) => Serve(http, name)).AllowAnonymous().ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext http, string name)
    {
        if (!Assets.TryGetValue(name, out var asset)) return Results.NotFound();
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy; // the page's own, in place of every answer's (AnswerHeaders)
        headers.CacheControl = "no-cache"; // revalidated by ETag: a new build's assets are seen at once
        headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch.Contains(asset.ETag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    /// <summary>
    /// What the page needs to know of the domain, derived from it rather than written again in the scripts: the kinds
    /// of item in the state's order (for the legend and the state panel) and the mission levels, greatest first.
    /// </summary>
    private static readonly object Model = new
    {
        kinds = RelationshipModel.Kinds.Select(k => new { name = k.Name, title = k.Title, shape = Names.Of(k.Shape), directed = k.Directed, points = k.Momentary }),
        missionLevels = Names.All<MissionLevel>(),
    };

    private sealed record Asset(byte[] Content, string ContentType, string ETag);

    private static FrozenDictionary<string, Asset> Load()
    {
        const string prefix = "workbench/";
        var assembly = typeof(WorkbenchEndpoints).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var name = resource[prefix.Length..];
            assets[name] = new(content, ContentTypeOf(name), $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };

}
