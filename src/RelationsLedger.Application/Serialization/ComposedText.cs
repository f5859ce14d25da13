using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using RelationsLedger.Application.Serialization.Unicode;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// Text as clients send it is recorded composed (Unicode normalization form C, <see cref="CanonicalComposition"/>): "é" typed as one character or as "e" and
/// a combining accent is one text, so a list, a title or a name pasted from another source is the item already recorded,
/// not a second one that reads the same. Applied where text enters — the command line's options, HTTP bodies and batch
/// files (<see cref="LedgerJson.Commands"/>) — and not where a command is made from a recorded event (verify, import):
/// an event recorded before is the form it was recorded in, and deciding it again must find it so.
/// </summary>
public static class ComposedText
{
    public static string Of(string text) => SurelyComposed(text) || !IsValidUtf16(text) ? text : CanonicalComposition.Compose(text);

    /// <summary>Below U+0300 every character is its own NFC (the first that decomposes or combines is U+0300): no table is loaded for such text.</summary>
    private static bool SurelyComposed(string text) => !text.AsSpan().ContainsAnyInRange('\u0300', '\uFFFF');

    /// <summary>Text with a lone surrogate is not Unicode: left as it is, for the validators to name, not mended into U+FFFD.</summary>
    private static bool IsValidUtf16(string text)
    {
        for (var rest = text.AsSpan(); !rest.IsEmpty;)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var used) != System.Buffers.OperationStatus.Done) return false;
            rest = rest[used..];
        }
        return true;
    }

    /// <summary>Every string a command's JSON holds, composed as it is read.</summary>
    internal sealed class Converter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is { } text ? Of(text) : null;

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
