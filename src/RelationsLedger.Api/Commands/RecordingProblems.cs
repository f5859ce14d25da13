using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RelationsLedger.Api.Commands;

/// <summary>What every endpoint that records may answer besides success, declared once for the OpenAPI document.</summary>
internal static class RecordingProblems
{
    public static RouteHandlerBuilder ProducesRecordingProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable); // the store unreachable or unwritable (until round 70, the batch's only)
}
