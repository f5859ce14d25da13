using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Domain.Aspects;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// The schema of a relationship's state (<c>GET /relationships/{a}/{b}/state</c>), which its converter writes
/// (<see cref="RelationshipStateViewJson"/>: the relationship, then one field per kind of item, named and typed by the kind,
/// then the read model), so the generator saw no property and described it as <c>{}</c>, any JSON: a client generated from
/// /openapi/v1.json got the ledger's main answer untyped (before round 70). Described here from the same kinds, in the
/// converter's order, each section by its own type.
/// </summary>
public sealed class StateViewSchemaTransformer : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(RelationshipStateView)) return;
        async Task<IOpenApiSchema> Of(Type type) => await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        static IOpenApiSchema OrNull(IOpenApiSchema schema) =>
            new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, schema] };

        var text = await Of(typeof(string));
        schema.Type = JsonSchemaType.Object;
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["relationship"] = text,
            ["stream"] = text,
            ["asOf"] = text,
            ["knownAt"] = await Of(typeof(DateTimeOffset?)),
        };
        foreach (var kind in RelationshipModel.Kinds) // a single item (relations) is null when none holds; a list is [] then
            schema.Properties[kind.Name] = kind.SectionType.IsAssignableTo(typeof(System.Collections.IEnumerable))
                ? await Of(kind.SectionType)
                : OrNull(await Of(kind.SectionType));
        schema.Properties["readModel"] = OrNull(await Of(typeof(ReadModelFreshness)));
        schema.Required = schema.Properties.Keys.ToHashSet();
    }
}
