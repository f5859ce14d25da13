using Microsoft.AspNetCore.Builder;
using Microsoft.Net.Http.Headers;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// What every answer says about itself, whatever answers it (an endpoint, a refusal, a problem, the workbench): how it may
/// be kept, sniffed, run and framed. An answer that says otherwise for itself keeps its own (the workbench's policy and
/// caching).
/// </summary>
public static class AnswerHeaders
{
    /// <summary>Nothing in an answer of the API is to be loaded or run, and no other site may frame it.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseAnswerHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            // Answers hold the ledger and are given only to a key: no cache may keep them (a browser's would still hand
            // them out after the workbench forgot the key). The workbench's assets say otherwise for themselves (no data).
            if (!headers.ContainsKey(HeaderNames.CacheControl)) headers.CacheControl = "no-store";
            // Answers hold text any recorder wrote (titles, notes, names) and problems quote requests: a browser is not to
            // take one for a page or a script, whatever it holds.
            if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy)) headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        return next(http);
    });
}
