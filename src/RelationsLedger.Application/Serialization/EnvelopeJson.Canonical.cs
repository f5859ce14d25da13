using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Serialization;

public static partial class EnvelopeJson
{
    /// <summary>
    /// The envelope's JSON as the store keeps an imported event's, written to <paramref name="into"/>: <paramref name="envelope"/> with
    /// <see cref="Envelope.OriginallyRecordedAt"/> <paramref name="at"/>, byte for byte what <see cref="Serialize"/> writes of it.
    /// <paramref name="read"/> is the JSON the envelope was read from; <paramref name="inWriterForm"/> whether it is in the form
    /// <see cref="Serialize"/> writes, as the read told (<see cref="ReadInPlace"/>, <see cref="IsCanonical"/>; every envelope an export
    /// of this ledger holds that has no <c>originallyRecordedAt</c>): then the field is spliced in before its end; any other is
    /// written anew. Writing anew made each source's texts from their JSON and wrote every field again, for an import of 1M events
    /// 1M times (round 63). Written into the caller's buffer, not an array of its own: the import writes it to its spill at once,
    /// and an array a line was ~0.6 KB of the ~6.9 KB a line of an import allocated (round 66).
    /// </summary>
    internal static void SerializeOriginallyRecordedAt(Envelope envelope, ReadOnlySpan<byte> read, bool inWriterForm, DateTimeOffset at, IBufferWriter<byte> into)
    {
        if (envelope.OriginallyRecordedAt is not null || !inWriterForm)
        {
            into.Write(Serialize(envelope with { OriginallyRecordedAt = at }));
            return;
        }
        var (writer, buffer) = Emptied();
        // The field as Write writes it, in an object of its own: {"originallyRecordedAt":"…"}.
        writer.WriteStartObject();
        WriteOriginallyRecordedAt(writer, at);
        writer.WriteEndObject();
        writer.Flush();
        var field = buffer.WrittenSpan[1..]; // "originallyRecordedAt":"…"}
        into.Write(read[..^1]); // the envelope without its '}', a ',', the field and the '}'
        into.Write(","u8);
        into.Write(field);
    }

    /// <summary>
    /// Whether <paramref name="json"/>, an envelope read soundly (<see cref="Deserialize"/>), is byte for byte what <see cref="Serialize"/>
    /// writes of the envelope it holds, without writing it (<see cref="WriterForm"/>); read again to tell it. The import tells it of
    /// a line's envelope in the pass that reads it (<see cref="ReadInPlace"/>); this is for an envelope read otherwise (a line the
    /// document reads). False for JSON that is no envelope.
    /// </summary>
    internal static bool IsCanonical(ReadOnlyMemory<byte> json)
    {
        var r = new Utf8JsonReader(json.Span, Options);
        try
        {
            if (!r.Read() || r.TokenStartIndex != 0) return false; // the writer writes nothing before the object, nor after it
            ReadInPlace(ref r, json, out var inWriterForm);
            return inWriterForm && r.BytesConsumed == json.Length;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether an envelope's JSON is in the writer's form, told while it is read (each check where the reader stands on the token
    /// it concerns, after the envelope's reader took it): nothing between its tokens; its fields and each source's in the writer's
    /// order, without <c>originallyRecordedAt</c>; every name as written; every text unescaped and needing no escape by the
    /// contract's encoder (so the writer writes its UTF-8 as it is); the ids in lower case, the dates and the schema version as the
    /// writer spells them. Any doubt is a no: the envelope is then written anew. Untracked (default) it checks nothing.
    /// </summary>
    private struct WriterForm
    {
        public enum Spelt { AsIs, Date, Id }

        public bool Tracked { get; private set; }
        private bool _fails;
        private int _spacesInTexts;
        private int _envelopeField, _sourceField; // the place of the field last named, at the envelope's level and in a source

        public static WriterForm Tracking() => new() { Tracked = true, _envelopeField = -1 };

        public void EnvelopeName(ref Utf8JsonReader r, int index, bool originallyRecordedAt)
        {
            if (r.ValueIsEscaped || index <= _envelopeField || originallyRecordedAt) _fails = true;
            _envelopeField = index;
        }

        public void SourceStarts() => _sourceField = -1;

        public void SourceName(ref Utf8JsonReader r, int index)
        {
            if (r.ValueIsEscaped || index <= _sourceField) _fails = true;
            _sourceField = index;
        }

        /// <summary>A field's value, read and taken by the envelope's reader (a text, a number or null).</summary>
        public void Value(ref Utf8JsonReader r, Spelt spelt)
        {
            if (_fails) return;
            Span<byte> written = stackalloc byte[36];
            switch (r.TokenType)
            {
                case JsonTokenType.String:
                    var text = r.ValueSpan;
                    if (r.ValueIsEscaped || WriterOptions.Encoder!.FindFirstCharacterToEncodeUtf8(text) >= 0) _fails = true;
                    else if (spelt == Spelt.Date && !IsWrittenDate(text)) _fails = true;
                    else if (spelt == Spelt.Id && !(r.TryGetGuid(out var guid) && guid.TryFormat(written, out var length, "D") && text.SequenceEqual(written[..length]))) _fails = true;
                    else _spacesInTexts += text.Count((byte)' ');
                    break;
                case JsonTokenType.Number: // the schema version, the envelope's one number
                    if (!r.TryGetInt32(out var number) || !Utf8Formatter.TryFormat(number, written, out var digits) || !r.ValueSpan.SequenceEqual(written[..digits])) _fails = true;
                    break;
            }
        }

        /// <summary>
        /// Whether the envelope read, whose JSON is <paramref name="json"/>, is in the writer's form. A tab, line feed or carriage
        /// return can only stand between tokens (in a string the contract escapes them), and a space between tokens or in a text:
        /// the spaces in the whole and in the texts agree when none stands between tokens.
        /// </summary>
        public readonly bool Holds(ReadOnlySpan<byte> json) =>
            !_fails && json.IndexOfAny((byte)'\t', (byte)'\n', (byte)'\r') < 0 && json.Count((byte)' ') == _spacesInTexts;
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
