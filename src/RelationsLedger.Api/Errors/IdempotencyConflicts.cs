using Microsoft.AspNetCore.Http;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Api.Errors;

/// <summary>422: an idempotency key (or command id) already recorded a different command.</summary>
public static class IdempotencyConflicts
{
    public static IResult IdReused(CommandIdReusedException e) =>
        Problems.Problem(StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused,
            "This Idempotency-Key (or commandId) was already used for a different command.",
            $"{(e.Item is null ? "" : $"{e.Item}: ")}Event {e.CommandId} was recorded under it in {e.Stream} with other content.{(e.Difference is null ? "" : $" {e.Difference}")} Reuse a key only to retry the identical request; use a new key for a new command. Nothing was recorded.",
            e.Item is null
                ? new Dictionary<string, object?> { ["recordedEventId"] = e.CommandId, ["stream"] = e.Stream }
                : new Dictionary<string, object?> { ["recordedEventId"] = e.CommandId, ["stream"] = e.Stream, ["item"] = e.Item });
}
