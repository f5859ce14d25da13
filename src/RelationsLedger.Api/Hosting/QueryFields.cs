using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Pipeline;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// Answers a query: every problem at once (what the endpoint could not read and what the query's validators
/// say), with fields named as the client wrote them — the names of the URL (<c>{a}</c>, <c>atLeast</c>)
/// rather than the query's own (<c>partyA</c>, <c>minimumLevel</c>).
/// </summary>
public static class QueryFields
{
    public static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();
    public static readonly IReadOnlyDictionary<string, string> Relationship = new Dictionary<string, string> { ["partyA"] = "a", ["partyB"] = "b" };
    public static readonly IReadOnlyDictionary<string, string> Missions = new Dictionary<string, string> { ["minimumLevel"] = "atLeast" };

    public static async Task<T> AskAsync<T>(this HttpContext http, IRequest<T> request, IReadOnlyDictionary<string, string> urlNames,
        IReadOnlyCollection<ValidationFailure>? edge = null, CancellationToken ct = default)
    {
        try
        {
            RequestValidation.ThrowIfInvalid(http.RequestServices, request, edge ?? []);
            return await http.RequestServices.GetRequiredService<IMediator>().Send(request, ct);
        }
        catch (ValidationException e)
        {
            throw new ValidationException(e.Errors.Select(f =>
            {
                var field = urlNames.GetValueOrDefault(f.PropertyName, f.PropertyName);
                var message = QuotedFields.Renamed(f.ErrorMessage, f.PropertyName, f.AttemptedValue as string, word => urlNames.GetValueOrDefault(word));
                return new ValidationFailure(field, message + PlusReadAsSpace(http.Request.Query, field));
            }));
        }
    }

    /// <summary>The hint of <see cref="QueryInput.PlusReadAsSpace"/> when <paramref name="field"/> is a parameter of the query (given once).</summary>
    private static string PlusReadAsSpace(IQueryCollection query, string field) =>
        query.TryGetValue(field, out var values) && values is [{ } text] ? QueryInput.PlusReadAsSpace(field, text) : "";
}
