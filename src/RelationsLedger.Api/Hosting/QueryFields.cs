using FluentValidation;
using FluentValidation.Results;
using MediatR;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// Sends a query whose fields reach it under the names of the URL (<c>{a}</c>, <c>atLeast</c>) rather
/// than the query's own (<c>partyA</c>, <c>minimumLevel</c>), and names errors as the client wrote them.
/// </summary>
public static class QueryFields
{
    public static readonly IReadOnlyDictionary<string, string> Relationship = new Dictionary<string, string> { ["partyA"] = "a", ["partyB"] = "b" };
    public static readonly IReadOnlyDictionary<string, string> Missions = new Dictionary<string, string> { ["minimumLevel"] = "atLeast" };

    public static async Task<T> SendAsync<T>(this IMediator mediator, IRequest<T> request, IReadOnlyDictionary<string, string> urlNames, CancellationToken ct)
    {
        try
        {
            return await mediator.Send(request, ct);
        }
        catch (ValidationException e)
        {
            throw new ValidationException(e.Errors.Select(f =>
                new ValidationFailure(urlNames.GetValueOrDefault(f.PropertyName, f.PropertyName), Rename(f.ErrorMessage, urlNames))));
        }
    }

    private static string Rename(string message, IReadOnlyDictionary<string, string> urlNames) =>
        urlNames.Aggregate(message, (m, n) => m.Replace($"'{n.Key}'", $"'{n.Value}'", StringComparison.Ordinal));
}
