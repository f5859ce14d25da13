using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// An answer's schema says what the answer's JSON holds as it is written, not what its type could hold. The generator claims
/// a type discriminator (<c>$type</c>) for every type with derived types, also where none is written (the feed's items: a
/// ledger event or an unreadable one, told apart by <c>unreadable</c>, docs/api.md), and requires every property of a record,
/// also one left out when null (an unreadable event's <c>data</c>, <c>dataBase64</c>, <c>metadata</c>, <c>metadataBase64</c>:
/// two of the four are written). Before round 70 a client generated from /openapi/v1.json looked in each item of the feed for
/// a <c>$type</c> it never has, and found an unreadable event without the fields its schema required.
/// </summary>
public sealed class WrittenShapeSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo;
        if (type.PolymorphismOptions is { } polymorphism && polymorphism.DerivedTypes.All(d => d.TypeDiscriminator is null))
            schema.Discriminator = null;
        foreach (var property in type.Properties.Where(LeftOutWhenNull))
            schema.Required?.Remove(property.Name);
        return Task.CompletedTask;
    }

    private static bool LeftOutWhenNull(System.Text.Json.Serialization.Metadata.JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .Cast<JsonIgnoreAttribute>().Any(a => a.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) == true;
}
