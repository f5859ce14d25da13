using System.ComponentModel;
using System.Reflection;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using RelationsLedger.Api.Errors;
using RelationsLedger.Api.Relationships;
using RelationsLedger.Api.Security;
using RelationsLedger.Application;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Api.Commands;

/// <summary>
/// <c>POST /commands/&lt;command&gt;</c>: one endpoint per command of the application layer, generated
/// from <see cref="CommandCatalogue"/> as the CLI generates its <c>record</c> subcommands.
/// </summary>
public static class CommandEndpoints
{
    public const string Prefix = "/commands";

    public const string ReplayedHeader = "Idempotent-Replayed";

    public static string PathOf(Type commandType) => $"{Prefix}/{CommandCatalogue.ForCommand(commandType).Name}";

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).WithTags("Commands").RequireAuthorization(Roles.CanRecord);
        foreach (var entry in CommandCatalogue.All)
        {
            var type = entry.CommandType;
            group.MapPost("/" + entry.Name, (HttpContext http, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
                    [FromServices] IMediator mediator, CancellationToken ct) =>
                    RecordAsync(http, type, idempotencyKey, mediator, ct))
                .WithName(type.Name)
                .WithSummary($"Record {entry.Name}.")
                .WithDescription(entry.Description)
                .Accepts(type, "application/json")
                .Produces<CommandAccepted>(StatusCodes.Status201Created)
                .ProducesRecordingProblems();
        }
    }

    /// <summary>
    /// The configured name of the key the request was authenticated with (never the key or its hash): what the server
    /// records as <c>recordedThrough</c>, whatever the body says <c>recordedBy</c> is.
    /// </summary>
    public static string KeyName(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { } name } ? name
            : throw new InvalidOperationException("A command reached its endpoint without an authenticated API key.");

    private static async Task<IResult> RecordAsync(HttpContext http, Type commandType, string? idempotencyKey, IMediator mediator, CancellationToken ct)
    {
        if (BodyMediaType.Problem(http.Request, ndjson: false) is { } unsupported) return unsupported;
        var body = await CommandBody.ReadAsync(http.Request, commandType, ct);
        if (body.Error is not null) return body.Error;

        var command = body.Command! with { RecordedThrough = KeyName(http) };
        if (idempotencyKey is not null)
        {
            if (IdempotencyKey.Problem(idempotencyKey) is { } problem) return Problems.Validation(IdempotencyKey.Header, problem);
            var id = IdempotencyKey.CommandId(idempotencyKey);
            if (body.HasCommandId && command.CommandId != id)
                return Problems.Validation("commandId", $"Give either 'commandId' or an {IdempotencyKey.Header} header, not both: the key decides the command id.");
            command = command with { CommandId = id };
        }

        // A reused id with other content is refused by the application (CommandIdReusedException: 422).
        var recorded = await mediator.Send(command, ct);

        if (recorded.AlreadyRecorded) http.Response.Headers[ReplayedHeader] = "true";
        return TypedResults.Created(RelationshipEndpoints.EventPath(recorded.Stream, recorded.Revision),
            new CommandAccepted(recorded.EventId, recorded.Type, recorded.Stream, recorded.Revision, recorded.Position.ToString()));
    }
}
