using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.Parties;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Api.Parties;

/// <summary>Questions about one party across all its relationships, answered from the read models (as the CLI's).</summary>
public static class PartyEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/parties").WithTags("Parties");

        group.MapGet("/{party}/designations-by", (string party, string? asOf, string? knownAt, [FromServices] IMediator mediator, CancellationToken ct) =>
            Answer(knownAt, at => mediator.Send(new GetDesignationsBy(party, asOf ?? QueryInput.Today(), at), ct)))
            .WithName("GetDesignationsBy").WithSummary("Which parties this party designates (on any list) as of a day.")
            .Produces<AcrossView<Designation>>().ProducesValidationProblem();

        group.MapGet("/{party}/designations-of", (string party, string? asOf, string? knownAt, [FromServices] IMediator mediator, CancellationToken ct) =>
            Answer(knownAt, at => mediator.Send(new GetDesignationsOf(party, asOf ?? QueryInput.Today(), at), ct)))
            .WithName("GetDesignationsOf").WithSummary("Who designates this party (on any list) as of a day.")
            .Produces<AcrossView<Designation>>().ProducesValidationProblem();

        group.MapGet("/{party}/missions-of", (string party, string? atLeast, string? asOf, string? knownAt, [FromServices] IMediator mediator, CancellationToken ct) =>
            Answer(knownAt, at => mediator.SendAsync(new GetMissionsAtLeast(party, atLeast ?? Names.Of(MissionLevel.InterestsSection), asOf ?? QueryInput.Today(), at), QueryFields.Missions, ct)))
            .WithName("GetMissionsOf")
            .WithSummary($"Where this party has a mission of at least a level (atLeast, one of {string.Join(", ", Names.All<MissionLevel>())}; default any) as of a day.")
            .Produces<AcrossView<Mission>>().ProducesValidationProblem();

        group.MapGet("/{party}/relationships", async ([FromRoute] string party, [FromServices] IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetPartyRelationships(party), ct)))
            .WithName("GetPartyRelationships").WithSummary("Every relationship of this party in the ledger: the other party, its number of events, when it last changed, its first effective day.")
            .Produces<PartyRelationshipsView>().ProducesValidationProblem();
    }

    private static async Task<IResult> Answer<T>(string? knownAt, Func<DateTimeOffset?, Task<T>> ask) =>
        QueryInput.TryKnownAt(knownAt, out var at, out var error) ? TypedResults.Ok(await ask(at)) : error!;
}
