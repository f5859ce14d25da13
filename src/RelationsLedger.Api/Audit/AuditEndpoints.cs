using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Trail;
using RelationsLedger.Application.Audit.Verify;

namespace RelationsLedger.Api.Audit;

/// <summary>
/// For auditors (a reader key is enough): the audit trail of a relationship (<c>ledger audit A B</c>),
/// verification of every hash and chain link (<c>ledger verify</c>, optionally against a digest) and a
/// digest to keep (<c>ledger digest</c>). The JSON is the CLI's <c>--json</c>. A ledger that fails
/// verification is still a 200: the report is the answer, and its <c>ok</c> and findings say what failed.
/// </summary>
public static class AuditEndpoints
{
    /// <summary>The digest as <c>ledger digest --json</c> prints it.</summary>
    public sealed record DigestView(string Token, string Position, DateTimeOffset TakenAt, int StreamCount, long EventCount, string Hash, IReadOnlyList<StreamHead> Streams,
        string Scheme, string? LogHash)
    {
        public static DigestView Of(LedgerDigest d) => new(d.Token, d.Position, d.TakenAt, d.StreamCount, d.EventCount, d.Hash, d.Streams, d.Scheme, d.LogHash);
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("").WithTags("Audit");

        audit.MapGet("/relationships/{a}/{b}/audit", async (HttpContext http, string a, string b, string? knownAt, CancellationToken ct) =>
            {
                var failures = new List<FluentValidation.Results.ValidationFailure>();
                var request = new GetAuditTrail(a, b, QueryInput.KnownAt(knownAt, failures));
                return TypedResults.Ok(await http.AskAsync(request, QueryFields.Relationship, failures, ct));
            })
            .WithName("GetAuditTrail")
            .WithSummary("The relationship replayed event by event in recording order: provenance, chain hashes, and what each event changed in the state as known; only what was recorded by knownAt when given.")
            .Produces<AuditTrail>().ProducesValidationProblem();

        audit.MapGet("/verify", async (string? digest, [FromServices] IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new VerifyLedger(null, null, digest), ct)))
            .WithName("VerifyLedger")
            .WithSummary("Recompute every hash and chain link of the ledger and decide every event again by the ledger's rules; with 'digest' (a token from GET /digest), also prove nothing recorded up to its position has changed.")
            .Produces<VerifyReport>().ProducesValidationProblem();

        audit.MapGet("/relationships/{a}/{b}/verify", async (HttpContext http, string a, string b, CancellationToken ct) =>
            TypedResults.Ok(await http.AskAsync(new VerifyLedger(a, b), QueryFields.Relationship, ct: ct)))
            .WithName("VerifyRelationship")
            .WithSummary("Recompute every hash and chain link of one relationship's stream and decide its events again by the ledger's rules.")
            .Produces<VerifyReport>().ProducesValidationProblem();

        audit.MapGet("/digest", async ([FromServices] IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(DigestView.Of(await mediator.Send(new TakeDigest(), ct))))
            .WithName("TakeDigest")
            .WithSummary("A digest of the whole ledger at its current head: keep the token outside the system and check it later with GET /verify?digest=.")
            .Produces<DigestView>();
    }
}
