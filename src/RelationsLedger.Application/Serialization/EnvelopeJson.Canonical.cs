using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Serialization;

public static partial class EnvelopeJson
{
    /// <summary>
    /// The envelope's JSON as the store keeps an imported event's: <paramref name="envelope"/> with <see cref="Envelope.OriginallyRecordedAt"/>
    /// <paramref name="at"/>, byte for byte what <see cref="Serialize"/> writes of it. <paramref name="read"/> is the JSON the envelope was
    /// read from: when it is in the form <see cref="Serialize"/> writes (<see cref="IsCanonical"/>; every envelope an export of
    /// this ledger holds that has no <c>originallyRecordedAt</c>), the field is spliced in before its end; any other is written anew.
    /// Writing anew made each source's texts from their JSON and wrote every field again, for an import of 1M events 1M times
    /// (round 63).
    /// </summary>
    internal static byte[] SerializeOriginallyRecordedAt(Envelope envelope, ReadOnlySpan<byte> read, DateTimeOffset at)
    {
        if (envelope.OriginallyRecordedAt is not null || !IsCanonical(read)) return Serialize(envelope with { OriginallyRecordedAt = at });
        var (writer, buffer) = Emptied();
        // The field as Write writes it, in an object of its own: {"originallyRecordedAt":"…"}.
        writer.WriteStartObject();
        WriteOriginallyRecordedAt(writer, at);
        writer.WriteEndObject();
        writer.Flush();
        var field = buffer.WrittenSpan[1..]; // "originallyRecordedAt":"…"}
        var json = new byte[read.Length + field.Length]; // the envelope without its '}', a ',', the field and the '}'
        read[..^1].CopyTo(json);
        json[read.Length - 1] = (byte)',';
        field.CopyTo(json.AsSpan(read.Length));
        return json;
    }

    /// <summary>
    /// Whether <paramref name="json"/>, an envelope read soundly (<see cref="Deserialize"/>), is byte for byte what <see cref="Serialize"/>
    /// writes of the envelope it holds, without writing it: nothing between its tokens; its fields and each source's in the writer's
    /// order, without <c>originallyRecordedAt</c>; every name as written; every text unescaped and needing no escape by the contract's
    /// encoder (so the writer writes its UTF-8 as it is); the ids in lower case, the dates and the schema version as the writer
    /// spells them. Any doubt is a no: the envelope is then written anew.
    /// </summary>
    internal static bool IsCanonical(ReadOnlySpan<byte> json)
    {
        // A tab, line feed or carriage return can only stand between tokens (in a string the contract escapes them), and a space
        // between tokens or in a text: the spaces counted in the whole and in the texts agree when none stands between tokens.
        if (json.IndexOfAny((byte)'\t', (byte)'\n', (byte)'\r') >= 0) return false;
        var spacesBetweenTokens = json.Count((byte)' ');
        var encoder = WriterOptions.Encoder!;
        var r = new Utf8JsonReader(json, Options);
        var (envelopeField, sourceField) = (-1, -1); // the field last named at the envelope's level (depth 1) and a source's (depth 3)
        Span<byte> written = stackalloc byte[36];
        while (r.Read())
        {
            switch (r.TokenType)
            {
                case JsonTokenType.StartObject when r.CurrentDepth == 2: // a source: its fields' order starts again
                    sourceField = -1;
                    break;
                case JsonTokenType.PropertyName when r.ValueIsEscaped:
                    return false;
                case JsonTokenType.PropertyName when r.CurrentDepth == 1:
                    var e = IndexOf(EnvelopeFields, ref r);
                    if (e <= envelopeField || EnvelopeFields[e].Field == Field.OriginallyRecordedAt) return false;
                    envelopeField = e;
                    break;
                case JsonTokenType.PropertyName:
                    var s = IndexOf(SourceFields, ref r);
                    if (s <= sourceField) return false;
                    sourceField = s;
                    break;
                case JsonTokenType.String:
                    var text = r.ValueSpan;
                    if (r.ValueIsEscaped || encoder.FindFirstCharacterToEncodeUtf8(text) >= 0) return false;
                    spacesBetweenTokens -= text.Count((byte)' ');
                    var inEnvelope = r.CurrentDepth == 1;
                    if ((inEnvelope ? envelopeField : sourceField) < 0) return false; // a text that is no field's value: no envelope's
                    var date = inEnvelope ? EnvelopeFields[envelopeField].Field == Field.EffectiveDate : SourceFields[sourceField].Field == SourceField.PublishedOn;
                    var id = inEnvelope && EnvelopeFields[envelopeField].Field is Field.CorrelationId or Field.CausationId;
                    if (date && !IsWrittenDate(text)) return false;
                    if (id && !(r.TryGetGuid(out var guid) && guid.TryFormat(written, out var length, "D") && text.SequenceEqual(written[..length]))) return false;
                    break;
                case JsonTokenType.Number: // the schema version, the envelope's one number
                    if (!r.TryGetInt32(out var number) || !Utf8Formatter.TryFormat(number, written, out var digits) || !r.ValueSpan.SequenceEqual(written[..digits])) return false;
                    break;
            }
        }
        return spacesBetweenTokens == 0;
    }

    /// <summary>A field's place in <paramref name="fields"/> (the writer's order); -1 for none.</summary>
    private static int IndexOf<TField>(Named<TField>[] fields, ref Utf8JsonReader r)
    {
        for (var i = 0; i < fields.Length; i++)
            if (r.ValueTextEquals(fields[i].Utf8)) return i;
        return -1;
    }

    /// <summary>Whether <paramref name="text"/> is a partial date spelt as <see cref="PartialDate.ToString"/> spells it.</summary>
    private static bool IsWrittenDate(ReadOnlySpan<byte> text)
    {
        Span<char> chars = stackalloc char[PartialDate.MaxLength];
        Span<char> again = stackalloc char[PartialDate.MaxLength];
        return text.Length <= chars.Length
               && System.Text.Ascii.ToUtf16(text, chars, out var length) == OperationStatus.Done
               && PartialDate.TryParse(chars[..length], out var date, out _)
               && chars[..length].SequenceEqual(again[..date.Format(again)]);
    }
}
