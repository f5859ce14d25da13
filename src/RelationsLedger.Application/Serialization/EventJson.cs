using System.Text.Json;
using System.Text.Json.Serialization;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// The JSON shape of the event contract (docs/events.md): camelCase fields, kebab-case
/// enumeration values, partial dates as strings, nulls written out. Reading is strict: an
/// unknown field or a missing required one is an error, never a silent default.
/// </summary>
public static class EventJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            WriteIndented = false,
            // Text stays readable in the store and in exports ('Kabul', not \u0027Kabul\u0027); the JSON is never embedded in HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        // An event's contract is its constructor's fields; derived properties (an ambassador
        // event's Actor, say) are conveniences of the code and never stored.
        options.TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver { Modifiers = { OnlyConstructorFields } };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new PartialDateConverter());
        options.Converters.Add(new NestedEventConverter());
        options.MakeReadOnly();
        return options;
    }

    private static void OnlyConstructorFields(System.Text.Json.Serialization.Metadata.JsonTypeInfo info)
    {
        if (!typeof(IRelationshipEvent).IsAssignableFrom(info.Type) || info.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object) return;
        var fields = info.Type.GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters()
            .Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var property in info.Properties.Where(p => !fields.Contains(p.Name)).ToList())
            info.Properties.Remove(property);
    }

    public static byte[] SerializeData(IRelationshipEvent e) => JsonSerializer.SerializeToUtf8Bytes(e, e.GetType(), Options);

    /// <summary>Reads an event's data by its stored type name and version.</summary>
    public static IRelationshipEvent DeserializeData(string type, int version, ReadOnlySpan<byte> data)
    {
        var entry = EventCatalogue.Find(type, version) ?? throw new JsonException($"unknown event type '{type}' version {version}");
        return (IRelationshipEvent)(JsonSerializer.Deserialize(data, entry.ClrType, Options)
            ?? throw new JsonException($"{type} data is null"));
    }

    private sealed class PartialDateConverter : JsonConverter<PartialDate>
    {
        public override PartialDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            PartialDate.TryParse(reader.GetString(), out var date, out var error) ? date : throw new JsonException(error);

        public override void Write(Utf8JsonWriter writer, PartialDate value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }

    /// <summary>An event inside another (a correction's replacement): <c>{"type", "version", "data"}</c>.</summary>
    private sealed class NestedEventConverter : JsonConverter<IRelationshipEvent>
    {
        public override IRelationshipEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (!root.TryGetProperty("type", out var type) || !root.TryGetProperty("version", out var version) || !root.TryGetProperty("data", out var data))
                throw new JsonException("a nested event needs 'type', 'version' and 'data'");
            return DeserializeData(type.GetString() ?? "", version.GetInt32(), System.Text.Encoding.UTF8.GetBytes(data.GetRawText()));
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
}
