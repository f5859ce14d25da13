using System.Text.Json;
using System.Text.Json.Serialization;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Serialization;

/// <summary>Partial dates as strings: <c>2003</c>, <c>2025-05</c>, <c>2025-04-17</c>.</summary>
public sealed class PartialDateJson : JsonConverter<PartialDate>
{
    public override PartialDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        PartialDate.TryParse(reader.GetString(), out var date, out var error) ? date : throw new JsonException(error);

    public override void Write(Utf8JsonWriter writer, PartialDate value, JsonSerializerOptions options)
    {
        Span<char> text = stackalloc char[PartialDate.MaxLength];
        writer.WriteStringValue(text[..value.Format(text)]);
    }
}
