using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using FluentValidation.Results;
using RelationsLedger.Api.Errors;
using RelationsLedger.Api.Security;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Pipeline;

namespace RelationsLedger.Api.Commands;

/// <summary>
/// <c>POST /commands/batch</c>: several commands recorded as a whole (<see cref="RecordBatch"/>), in the body forms of
/// <c>ledger record-batch</c> — a JSON array, an object with shared provenance and <c>commands</c>, or NDJSON.
/// </summary>
public static class BatchEndpoint
{
    public const string Path = CommandEndpoints.Prefix + "/batch";

    public const string NdjsonMediaType = "application/x-ndjson";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(Path, (HttpContext http, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [FromServices] IMediator mediator, CancellationToken ct) =>
                RecordAsync(http, idempotencyKey, mediator, ct))
            .RequireAuthorization(Roles.CanRecord)
            .WithTags("Commands")
            .WithName("RecordBatch")
            .WithSummary("Record several commands as one batch, decided as a whole.")
            .WithDescription("A JSON array of commands, each {\"command\": \"<name>\", …the fields of POST /commands/<name>}; or an object " +
                "{\"sources\", \"recordedBy\", \"correlationId\", \"commands\": […]} whose provenance the commands share; or NDJSON " +
                $"(application/x-ndjson), one command per line. At most {BatchLimits.MaxItems} commands and {BatchLimits.MaxBytes} bytes. " +
                "Each relationship's commands are decided together and appended at once; on any problem nothing is recorded (docs/api.md says what holds across relationships on each store).")
            .Accepts<IReadOnlyList<System.Text.Json.JsonElement>>("application/json", NdjsonMediaType)
            .Produces<BatchAccepted>(StatusCodes.Status200OK)
            .ProducesRecordingProblems()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> RecordAsync(HttpContext http, string? idempotencyKey, IMediator mediator, CancellationToken ct)
    {
        if (BodyMediaType.Problem(http.Request, ndjson: true) is { } unsupported) return unsupported;
        if (idempotencyKey is not null)
            return Problems.Validation(IdempotencyKey.Header, $"A batch takes no {IdempotencyKey.Header}: give each command its own 'commandId', and a retried batch records nothing twice.");

        var body = await BodyLimit.ReadAsync(http.Request, BatchLimits.MaxBytes, ct);
        if (body.Error is not null) return body.Error;
        var failures = new List<ValidationFailure>();
        var batch = BatchJson.Read(body.Bytes, failures, out var readable);
        if (batch is null && readable is null)
            return Problems.Validation(failures.GroupBy(f => f.PropertyName).ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).ToArray()));
        // Every problem at once: what could not be read, and the rules of what could.
        RequestValidation.ThrowIfInvalid(http.RequestServices, batch ?? readable!, failures);

        var through = CommandEndpoints.KeyName(http);
        batch = batch! with { Items = batch.Items.Select(i => i with { Command = i.Command with { RecordedThrough = through } }).ToList() };
        var recorded = await mediator.Send(batch, ct);
        return TypedResults.Ok(BatchAccepted.Of(recorded));
    }
}
