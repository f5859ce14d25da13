using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using FluentValidation.Results;
using RelationsLedger.Api.Errors;
using RelationsLedger.Api.Security;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Recording;
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
            .ProducesRecordingProblems();

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
        // The key's name is given to each command before the check, so that the batch checked is the batch sent, validated once
        // (RequestValidation: the pipeline lets the very object that passed through). Before, the copy bearing the name was made
        // after the check and the pipeline validated every command again (docs/performance.md, round 62). The name adds no failure:
        // a key whose name breaks the rule recordedThrough is checked by (a name's) is refused when the keys are read (ApiKeyEntry).
        var sent = Through(batch ?? readable!, CommandEndpoints.KeyName(http));
        // Every problem at once: what could not be read, and the rules of what could. A batch not read whole always has failures.
        RequestValidation.ThrowIfInvalid(http.RequestServices, sent, failures);
        var recorded = await mediator.Send(sent, ct);
        return TypedResults.Ok(BatchAccepted.Of(recorded));
    }

    /// <summary>The batch with each command's <see cref="RecordCommand.RecordedThrough"/> the name of the key it came with.</summary>
    private static RecordBatch Through(RecordBatch batch, string keyName) =>
        batch with { Items = batch.Items.Select(i => i with { Command = i.Command with { RecordedThrough = keyName } }).ToList() };
}
