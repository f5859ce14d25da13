using System.Text.Json;
using System.Text.Json.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Queries.AsOf;

/// <summary>
/// <see cref="RelationshipStateView"/> as JSON: <c>relationship</c>, <c>stream</c>, <c>asOf</c>, <c>knownAt</c>,
/// then one field per kind of item (named and typed by the kind), then <c>readModel</c>.
/// </summary>
public sealed class RelationshipStateViewJson : JsonConverter<RelationshipStateView>
{
    public override void Write(Utf8JsonWriter writer, RelationshipStateView value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(Name("relationship", options), value.Relationship);
        writer.WriteString(Name("stream", options), value.Stream);
        writer.WriteString(Name("asOf", options), value.AsOf);
        writer.WritePropertyName(Name("knownAt", options));
        JsonSerializer.Serialize(writer, value.KnownAt, options);
        foreach (var kind in RelationshipModel.Kinds)
        {
            writer.WritePropertyName(Name(kind.Name, options));
            WriteSection(writer, value.Sections[kind], kind.SectionType, options);
        }
        writer.WritePropertyName(Name("readModel", options));
        JsonSerializer.Serialize(writer, value.ReadModel, options);
        writer.WriteEndObject();
    }

    /// <summary>
    /// A section as the serializer writes it; an empty one (no item, or no single item) written directly, as it would be —
    /// <c>[]</c>, <c>null</c> — because asking the serializer for it first describes the section's type (its items'
    /// properties, their types and converters, ~50 types made for the 12 kinds), which a cold answer about a relationship
    /// with few kinds of item paid for nothing (docs/performance.md, round 35).
    /// </summary>
    private static void WriteSection(Utf8JsonWriter writer, object? section, Type type, JsonSerializerOptions options)
    {
        switch (section)
        {
            case null:
                writer.WriteNullValue();
                break;
            case System.Collections.ICollection { Count: 0 }:
                writer.WriteStartArray();
                writer.WriteEndArray();
                break;
            default:
                JsonSerializer.Serialize(writer, section, type, options);
                break;
        }
    }

    public override RelationshipStateView Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("a relationship's state must be a JSON object");
        string Text(string name) => root.TryGetProperty(Name(name, options), out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new JsonException($"'{name}' is required");
        T? Value<T>(string name) => root.TryGetProperty(Name(name, options), out var v) ? v.Deserialize<T>(options) : default;
        var sections = new Dictionary<ItemKind, object?>();
        foreach (var kind in RelationshipModel.Kinds)
            if (root.TryGetProperty(Name(kind.Name, options), out var section)) sections[kind] = section.Deserialize(kind.SectionType, options);
        return new RelationshipStateView(Text("relationship"), Text("stream"), Text("asOf"), Value<DateTimeOffset?>("knownAt"), StateSections.Of(sections))
        {
            ReadModel = Value<ReadModelFreshness>("readModel"),
        };
    }

    private static string Name(string camel, JsonSerializerOptions options) => options.PropertyNamingPolicy is null ? char.ToUpperInvariant(camel[0]) + camel[1..] : camel;
}
