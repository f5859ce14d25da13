using FluentValidation.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Application.Queries.Panel;

namespace RelationsLedger.Api.Panel;

/// <summary>
/// <c>GET /panel?from=&amp;to=&amp;every=&amp;on=&amp;aspects=&amp;party=&amp;knownAt=</c>: a dyad-period panel (docs/panel.md),
/// streamed as CSV, or as NDJSON when the client accepts <c>application/json</c> (or <c>application/x-ndjson</c>).
/// Bad parameters are a 400 naming each, before anything is streamed.
/// </summary>
public static class PanelEndpoints
{
    public const string PositionHeader = "X-Read-Model-Position", BehindHeader = "X-Read-Model-Behind";

    /// <summary>"false" when <see cref="BehindHeader"/>'s 0 is the least it may be, not a count (the store did not answer in time).</summary>
    public const string BehindKnownHeader = "X-Read-Model-Behind-Known";

    /// <summary>How many events of the panel's relationships the read model passed over as not the ledger's (absent: none); a CSV has no room for them.</summary>
    public const string PassedOverHeader = "X-Read-Model-Passed-Over";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/panel", async (HttpContext http, string? from, string? to, string? every, string? on, string? aspects, string? party,
                string? knownAt, CancellationToken ct) =>
            {
                var failures = new List<ValidationFailure>();
                var request = new GetPanel(from ?? "", to ?? "", every ?? "year", on, aspects, party, QueryInput.KnownAt(knownAt, failures));
                return new Streamed(await http.AskAsync(request, QueryFields.None, failures, ct), WantsJson(http.Request));
            })
            .WithTags("Panel").WithName("GetPanel")
            .WithSummary("A dyad-period panel: one row per relationship and date (from, to: YYYY[-MM[-DD]]; every: year, quarter, month or day; on: MM-DD for years), per kind (aspects, comma-separated; default all) its state and certainty, as known at knownAt. CSV, or NDJSON for Accept: application/json.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv", "application/x-ndjson").ProducesValidationProblem();

    private static bool WantsJson(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Value is "application/json" or "application/x-ndjson");

    private sealed class Streamed(PanelAnswer panel, bool json) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            using var _ = panel; // its snapshot of the read model, let go however the writing ends
            http.Response.ContentType = json ? PanelFormats.NdjsonContentType : PanelFormats.CsvContentType;
            if (!json) http.Response.Headers.ContentDisposition = "inline; filename=\"panel.csv\"";
            http.Response.Headers[PositionHeader] = panel.ReadModel.Position;
            http.Response.Headers[BehindHeader] = panel.ReadModel.Behind.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers[BehindKnownHeader] = panel.ReadModel.BehindKnown ? "true" : "false";
            if (panel.ReadModel.PassedOver is { } passed) http.Response.Headers[PassedOverHeader] = passed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            if (json) await PanelFormats.WriteNdjsonAsync(panel, http.Response.Body, ct: http.RequestAborted);
            else await PanelFormats.WriteCsvAsync(panel, http.Response.Body, ct: http.RequestAborted);
        }
    }
}
