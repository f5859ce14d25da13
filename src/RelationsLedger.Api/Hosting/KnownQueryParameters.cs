using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using RelationsLedger.Api.Errors;
using RelationsLedger.Application.Queries;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// A query parameter an endpoint does not take is refused (400, naming it and what the endpoint takes), as an unknown
/// field of a body is. Ignored, a misspelt parameter changed the question without a word: <c>/state?as_of=2003-01-01</c>
/// answered as of today, and <c>POST /commands/…?dryRun=true</c> recorded. What an endpoint takes is read from its
/// handler, once: the parameters bound from the query (not the route, headers, body or services), compared without
/// regard to case, as they are bound. Endpoints left out of the API's description (the workbench's page and assets) are
/// not checked: a browser's address may carry anything. A parameter it takes, given more than once, is refused too.
/// </summary>
public static class KnownQueryParameters
{
    private static readonly ConditionalWeakTable<Endpoint, Taken> Known = new();

    /// <summary>The query parameters an endpoint takes, in its handler's order; null when it is not checked.</summary>
    private sealed record Taken(IReadOnlyList<string>? Names);

    public static IApplicationBuilder UseKnownQueryParameters(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.QueryString.HasValue && http.GetEndpoint() is RouteEndpoint endpoint && Known.GetValue(endpoint, e => Of((RouteEndpoint)e)).Names is { } names)
        {
            var errors = new Dictionary<string, string[]>();
            var takes = names.Count == 0 ? "none" : string.Join(", ", names);
            foreach (var (k, values) in http.Request.Query)
            {
                if (names.FirstOrDefault(n => string.Equals(n, k, StringComparison.OrdinalIgnoreCase)) is not { } name)
                    errors[k] = [$"'{k}' is not a parameter of this question; it takes {takes}. Nothing was answered or recorded."];
                else if (values.Count > 1) // bound, they are joined with commas ('3,9'), a value no one wrote; named as the question takes it (?asOf=…&asof=…)
                    errors[name] = [$"{QueryRules.GivenMoreThanOnce(name, values)} Nothing was answered or recorded."];
            }
            if (errors.Count > 0)
            {
                await Problems.Validation(errors).ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    });

    private static Taken Of(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true }
            || endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler)
            return new(null);
        var route = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var parameter in handler.GetParameters())
        {
            var attributes = parameter.GetCustomAttributes(inherit: true);
            if (attributes.OfType<IFromQueryMetadata>().FirstOrDefault() is { } query) names.Add(query.Name ?? parameter.Name!);
            else if (!attributes.Any(a => a is IFromServiceMetadata or IFromHeaderMetadata or IFromBodyMetadata or IFromFormMetadata or IFromRouteMetadata)
                && !route.Contains(parameter.Name!) && FromQuery(parameter.ParameterType))
                names.Add(parameter.Name!);
        }
        return new(names);
    }

    /// <summary>The types a handler's parameter is bound from the query as (the ledger's take text, numbers or a flag).</summary>
    private static bool FromQuery(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is var t
        && (t == typeof(string) || t.IsPrimitive || t.IsEnum || t == typeof(Guid) || t == typeof(DateOnly) || t == typeof(DateTimeOffset));
}
