using FluentValidation.Results;
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

        group.MapGet("/{party}/designations-by", (HttpContext http, string party, string? asOf, string? knownAt, CancellationToken ct) =>
                Answer(http, knownAt, at => new GetDesignationsBy(party, asOf ?? QueryInput.Today(), at), QueryFields.None, ct))
            .WithName("GetDesignationsBy").WithSummary("Which parties this party designates (on any list) as of a day.")
            .Produces<AcrossView<Designation>>().ProducesValidationProblem();

        group.MapGet("/{party}/designations-of", (HttpContext http, string party, string? asOf, string? knownAt, CancellationToken ct) =>
                Answer(http, knownAt, at => new GetDesignationsOf(party, asOf ?? QueryInput.Today(), at), QueryFields.None, ct))
            .WithName("GetDesignationsOf").WithSummary("Who designates this party (on any list) as of a day.")
            .Produces<AcrossView<Designation>>().ProducesValidationProblem();

        group.MapGet("/{party}/missions-of", (HttpContext http, string party, string? atLeast, string? asOf, string? knownAt, CancellationToken ct) =>
                Answer(http, knownAt, at => new GetMissionsAtLeast(party, atLeast ?? Names.Of(MissionLevel.InterestsSection), asOf ?? QueryInput.Today(), at), QueryFields.Missions, ct))
            .WithName("GetMissionsOf")
            .WithSummary($"Where this party has a mission of at least a level (atLeast, one of {string.Join(", ", Names.All<MissionLevel>())}; default any) as of a day.")
            .Produces<AcrossView<Mission>>().ProducesValidationProblem();

        group.MapGet("/{party}/relationships", async (HttpContext http, string party, CancellationToken ct) =>
                TypedResults.Ok(await http.AskAsync(new GetPartyRelationships(party), QueryFields.None, ct: ct)))
            .WithName("GetPartyRelationships").WithSummary("Every relationship of this party in the ledger: the other party, its number of events, when it last changed, its first effective day.")
            .Produces<PartyRelationshipsView>().ProducesValidationProblem();
    }

    private static async Task<IResult> Answer<T>(HttpContext http, string? knownAt, Func<DateTimeOffset?, IRequest<T>> ask, IReadOnlyDictionary<string, string> urlNames, CancellationToken ct)
    {
        var failures = new List<ValidationFailure>();
        var request = ask(QueryInput.KnownAt(knownAt, failures));
        return TypedResults.Ok(await http.AskAsync(request, urlNames, failures, ct));
    }
}
