using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RelationsLedger.Api.Security;

namespace RelationsLedger.Api.Hosting;

/// <summary>Names the document and declares the API-key scheme in it, so generated clients send the key.</summary>
public sealed class ApiKeyDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "RelationsLedger API";
        document.Info.Description = "Commands, queries and the event feed of the ledger of bilateral relations. See docs/api.md.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = $"An API key: 'Authorization: Bearer <key>' (or the header {ApiKeyAuthentication.HeaderName}). Reads need the role reader or recorder; commands need recorder.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
