using Microsoft.AspNetCore.Http;

namespace RelationsLedger.Api.Errors;

/// <summary>
/// Problems that ASP.NET Core answers by itself before an endpoint runs (no route: 404; wrong method:
/// 405; a command that is not JSON, refused by routing: 415), given the API's own types and wording.
/// </summary>
public static class FrameworkProblems
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        if (problem.Type?.StartsWith("urn:relationsledger:", StringComparison.Ordinal) == true) return;
        switch (problem.Status)
        {
            case StatusCodes.Status404NotFound:
                (problem.Type, problem.Title, problem.Detail) = (ProblemTypes.NotFound, "No such resource.", "Nothing answers at this path; see /openapi/v1.json.");
                break;
            case StatusCodes.Status405MethodNotAllowed:
                (problem.Type, problem.Title, problem.Detail) = (ProblemTypes.BadRequest, "Method not allowed.", "This path does not answer this HTTP method; see /openapi/v1.json.");
                break;
            case StatusCodes.Status415UnsupportedMediaType:
                (problem.Type, problem.Title, problem.Detail) = (ProblemTypes.UnsupportedMediaType, "The body must be JSON.", "Send the command as 'Content-Type: application/json'.");
                break;
        }
    }
}
