using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// The fields every command shares are init properties, so the generator cannot tell that the
/// validator requires three of them; say so in each command's schema, so generated clients do too.
/// </summary>
public sealed class CommandSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly string[] AlwaysRequired = ["effectiveDate", "recordedBy", "sources"];

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type.IsSubclassOf(typeof(RecordCommand)))
        {
            schema.Required ??= new HashSet<string>();
            foreach (var field in AlwaysRequired) schema.Required.Add(field);
        }
        return Task.CompletedTask;
    }
}
