using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Api.Errors;

/// <summary>
/// Problem details (RFC 7807/9457) as the API writes them: <c>application/problem+json</c>, with a trace id and never an
/// exception, and what they echo of the request bounded (<see cref="EchoedText"/>).
/// </summary>
public static class Problems
{
    public static async Task WriteAsync(HttpContext http, ProblemDetails problem)
    {
        http.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var service = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    /// <summary>400 with each field's errors, keyed by the field as it is spelled in the JSON (camelCase).</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(Bounded(errors), detail ?? "The request is invalid; nothing was recorded or changed.", type: ProblemTypes.Validation,
            title: "One or more fields are invalid.");

    /// <summary>A field's name is echoed too (an unknown field of a body is named by its own key): two long ones may excerpt alike.</summary>
    private static Dictionary<string, string[]> Bounded(IDictionary<string, string[]> errors) =>
        errors.GroupBy(e => EchoedText.Bounded(e.Key)).ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).Select(EchoedText.Bounded).ToArray());

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Validation(ValidationException e) =>
        Validation(e.Errors.GroupBy(f => f.PropertyName).ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray()));

    public static ProblemHttpResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(EchoedText.Bounded(detail), statusCode: status, title: title, type: type, extensions: extensions);
}
