using System.Text.Json;
using System.Text.Json.Serialization;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Serialization;

/// <summary>An event inside another (a correction's replacement): <c>{"type", "version", "data"}</c>.</summary>
public sealed class NestedEventJson : JsonConverter<IRelationshipEvent>
{
    public override IRelationshipEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (!root.TryGetProperty("type", out var type) || !root.TryGetProperty("version", out var version) || !root.TryGetProperty("data", out var data))
            throw new JsonException("a nested event needs 'type', 'version' and 'data'");
        return EventJson.DeserializeData(type.GetString() ?? "", version.GetInt32(), System.Text.Encoding.UTF8.GetBytes(data.GetRawText()));
    }

    public override void Write(Utf8JsonWriter writer, IRelationshipEvent value, JsonSerializerOptions options)
    {
        var entry = EventCatalogue.Of(value);
        writer.WriteStartObject();
        writer.WriteString("type", entry.Name);
        writer.WriteNumber("version", entry.Version);
        writer.WritePropertyName("data");
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
        writer.WriteEndObject();
    }
}
