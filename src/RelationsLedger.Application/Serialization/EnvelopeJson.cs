using System.Buffers;
using System.Text.Json;
using RelationsLedger.Application.Integrity;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// The envelope's JSON (docs/events.md, "The envelope"), written and read by hand: every stored event's metadata
/// goes through here on every load, replay, subscription and import, and the contract's general serializer spent
/// about four times the event data's cost on it (docs/performance.md, round 8). The JSON is byte for byte what
/// that serializer wrote — field order, escaping (<see cref="LedgerJson.Contract"/>'s encoder), number, GUID and
/// time formats — and reading is as strict: every field but <c>recordedThrough</c> and <c>originallyRecordedAt</c> required (null where the
/// contract allows it), no unknown or repeated field, names matched exactly, nothing after the object. A problem
/// is a <see cref="JsonException"/> whose <see cref="JsonException.Path"/> names the field (<c>$.sources[0].url</c>).
/// </summary>
public static partial class EnvelopeJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = LedgerJson.Contract.Encoder, SkipValidation = true };

    // One buffer and writer per thread, as the serializer pooled its own: sealing runs once per recorded event.
    [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;
    [ThreadStatic] private static Utf8JsonWriter? _writer;

    public static byte[] Serialize(Envelope envelope)
    {
        var (writer, buffer) = Emptied();
        Write(writer, envelope);
        writer.Flush();
        var json = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024) (_buffer, _writer) = (null, null); // an envelope of many long sources: not kept for the next
        return json;
    }

    /// <summary>This thread's writer and its buffer, emptied.</summary>
    private static (Utf8JsonWriter Writer, ArrayBufferWriter<byte> Buffer) Emptied()
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = _writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        return (writer, buffer);
    }

    private static void Write(Utf8JsonWriter w, Envelope e)
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", e.SchemaVersion);
        w.WriteString("effectiveDate", e.EffectiveDate.ToString());
        w.WriteString("recordedBy", e.RecordedBy);
        // Only when there is one: an event without it keeps the bytes it had before the field existed.
        if (e.RecordedThrough is { } through) w.WriteString("recordedThrough", through);
        w.WriteStartArray("sources");
        foreach (var s in e.Sources)
        {
            w.WriteStartObject();
            w.WriteString("publisher", s.Publisher);
            w.WriteString("title", s.Title);
            w.WriteString("url", s.Url);
            w.WriteString("reference", s.Reference);
            if (s.PublishedOn is { } published) w.WriteString("publishedOn", published.ToString());
            else w.WriteNull("publishedOn");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("$correlationId", e.CorrelationId);
        w.WriteString("$causationId", e.CausationId);
        w.WriteString("previousHash", e.PreviousHash);
        w.WriteString("hash", e.Hash);
        if (e.OriginallyRecordedAt is { } original) WriteOriginallyRecordedAt(w, original);
        w.WriteEndObject();
    }

    /// <summary>The last field, when there is one: its name and the time's form (also spliced onto an envelope read, <see cref="SerializeOriginallyRecordedAt"/>).</summary>
    private static void WriteOriginallyRecordedAt(Utf8JsonWriter w, DateTimeOffset at) => w.WriteString("originallyRecordedAt", at);

    /// <summary>
    /// The envelope in <paramref name="json"/>, every field checked. Its sources are kept as the JSON holds them
    /// (<see cref="StoredSources"/>, over <paramref name="json"/>, which must not change): their texts are made only when
    /// a reader asks for them; the hash check takes their bytes as they are.
    /// </summary>
    public static Envelope Deserialize(ReadOnlyMemory<byte> json)
    {
        var r = new Utf8JsonReader(json.Span, Options);
        try
        {
            Next(ref r, "$");
            var untracked = default(WriterForm);
            var envelope = ReadEnvelope(ref r, json, readSources: false, ref untracked);
            if (r.Read()) throw Problem("$", "the envelope's object must be the whole metadata: something follows it");
            return envelope;
        }
        catch (JsonException e) when (e.Path is null)
        {
            // The reader's own refusal (malformed JSON): where it stopped, as the serializer said it.
            throw new JsonException($"{e.Message} (in the envelope)", "$", e.LineNumber, e.BytePositionInLine, e);
        }
    }

    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    /// <summary>
    /// The envelope at <paramref name="r"/> (on its object's start) read where it stands in a larger document — an export line,
    /// whose bytes <paramref name="json"/> are and <paramref name="r"/> reads — leaving <paramref name="r"/> on the object's end.
    /// Checked as <see cref="Deserialize"/> checks it, throwing as it does; its sources kept over <paramref name="json"/>, and read
    /// as they are checked: an import makes each line's command of them (<see cref="Audit.Rules.EventCommands.ToCommand"/>), which
    /// read them again from their JSON when first asked for (round 64). The line's reader then goes on past it, and the
    /// envelope's bytes are not read a second time to find where they end.
    /// <paramref name="inWriterForm"/>: whether the envelope's JSON is byte for byte what <see cref="Serialize"/> writes of it
    /// (<see cref="IsCanonical"/>), told in the same pass rather than by a reader pass of its own over the same bytes (round 64).
    /// </summary>
    internal static Envelope ReadInPlace(ref Utf8JsonReader r, ReadOnlyMemory<byte> json, out bool inWriterForm)
    {
        var start = (int)r.TokenStartIndex;
        var form = WriterForm.Tracking();
        var envelope = ReadEnvelope(ref r, json, readSources: true, ref form);
        inWriterForm = form.Holds(json.Span[start..(int)r.BytesConsumed]);
        return envelope;
    }

    /// <param name="readSources">Whether the sources are made as they are checked, rather than when a reader first asks for them (<see cref="StoredSources"/>).</param>
    /// <param name="form">What the envelope's JSON is checked against, as it is read, when tracked (<see cref="ReadInPlace"/>).</param>
    private static Envelope ReadEnvelope(ref Utf8JsonReader r, ReadOnlyMemory<byte> json, bool readSources, ref WriterForm form)
    {
        Expect(ref r, JsonTokenType.StartObject, "$", "the envelope must be a JSON object");
        int? schemaVersion = null;
        PartialDate? effectiveDate = null;
        string? recordedBy = null, recordedThrough = null, previousHash = null, hash = null;
        StoredSources? sources = null;
        Guid? correlationId = null, causationId = null;
        DateTimeOffset? originallyRecordedAt = null;
        var seen = Field.None;

        while (true)
        {
            Next(ref r, "$");
            if (r.TokenType == JsonTokenType.EndObject) break;
            var field = EnvelopeField(ref r, out var path, out var index);
            if ((seen & field) != 0) throw Problem(path, "is given twice");
            if (form.Tracked) form.EnvelopeName(ref r, index, field == Field.OriginallyRecordedAt);
            seen |= field;
            Next(ref r, path);
            switch (field)
            {
                case Field.SchemaVersion:
                    schemaVersion = r.TokenType == JsonTokenType.Number && r.TryGetInt32(out var v) ? v : throw Problem(path, "must be a whole number");
                    break;
                case Field.EffectiveDate: effectiveDate = Date(ref r, path); break;
                case Field.RecordedBy: recordedBy = Repeated(ref r, path, ref t_recordedBy); break;
                case Field.RecordedThrough:
                    // Absent, never null, on an event not recorded through the API: a null would say something the hash does not cover.
                    recordedThrough = r.TokenType == JsonTokenType.String ? String(ref r, path)
                        : throw Problem(path, $"must be a string, the name of the API key the event was recorded through (absent when there is none), not {Kind(r.TokenType)}");
                    break;
                case Field.Sources:
                    var start = (int)r.TokenStartIndex;
                    if (!readSources) sources = new(json[start..], Sources(ref r, path, kept: null, ref form));
                    else
                    {
                        // The thread's list, emptied: a list and its array a line were made only to be copied into the sources' array.
                        var read = t_read ??= new List<Source>(4);
                        read.Clear();
                        Sources(ref r, path, read, ref form, remembered: json.Span);
                        sources = new(json[start..], [.. read]);
                    }
                    continue; // its values are tracked source by source
                case Field.CorrelationId: correlationId = Id(ref r, path); break;
                case Field.CausationId: causationId = Id(ref r, path); break;
                case Field.PreviousHash: previousHash = r.TokenType == JsonTokenType.Null ? null : Repeated(ref r, path, ref t_hash); break;
                case Field.Hash: hash = Repeated(ref r, path, ref t_hash); break;
                case Field.OriginallyRecordedAt:
                    originallyRecordedAt = r.TokenType == JsonTokenType.Null ? null
                        : r.TokenType == JsonTokenType.String && r.TryGetDateTimeOffset(out var t) ? t
                        : throw Problem(path, "must be an ISO 8601 time with a UTC offset, or null");
                    break;
            }
            if (form.Tracked) form.Value(ref r, field is Field.EffectiveDate ? WriterForm.Spelt.Date : field is Field.CorrelationId or Field.CausationId ? WriterForm.Spelt.Id : WriterForm.Spelt.AsIs);
        }

        var missing = Field.Required & ~seen;
        if (missing != 0) throw Problem("$", $"the envelope lacks {Names(missing)}");
        return new(schemaVersion!.Value, effectiveDate!.Value, recordedBy!, sources!, correlationId!.Value, causationId!.Value, previousHash, hash!, originallyRecordedAt, recordedThrough);
    }

    /// <summary>The sources of an envelope <see cref="Deserialize"/> read: <paramref name="json"/> begins with their array.</summary>
    internal static Source[] ReadSources(ReadOnlySpan<byte> json, int count)
    {
        var r = new Utf8JsonReader(json, Options);
        Next(ref r, "$.sources");
        var kept = new List<Source>(count);
        var untracked = default(WriterForm);
        Sources(ref r, "$.sources", kept, ref untracked);
        return [.. kept];
    }

    /// <summary>
    /// Checks the array of sources at <paramref name="r"/> and counts them; each source also added to <paramref name="kept"/>
    /// when given. Checking makes no text: a field's text is checked as <see cref="String"/> would read it (UTF-8, or unescaped).
    /// </summary>
    /// <param name="remembered">
    /// When given, the bytes <paramref name="r"/> reads: each source kept is then checked only, and given as the thread read it
    /// before from the same bytes (<see cref="RememberedSources"/>), made only when it was not.
    /// </param>
    private static int Sources(ref Utf8JsonReader r, string path, List<Source>? kept, ref WriterForm form, ReadOnlySpan<byte> remembered = default)
    {
        Expect(ref r, JsonTokenType.StartArray, path, "must be an array of sources");
        var count = 0;
        while (true)
        {
            var paths = SourcePaths(count);
            Next(ref r, paths[0]);
            if (r.TokenType == JsonTokenType.EndArray) return count;
            var start = (int)r.TokenStartIndex;
            var source = Source(ref r, paths, keep: kept is not null && remembered.IsEmpty, ref form);
            kept?.Add(source ?? RememberedSources.Of(remembered[start..(int)r.BytesConsumed]));
            count++;
        }
    }

    /// <summary>A source read (<paramref name="keep"/>) or only checked (null).</summary>
    private static Source? Source(ref Utf8JsonReader r, string[] paths, bool keep, ref WriterForm form)
    {
        var path = paths[0];
        Expect(ref r, JsonTokenType.StartObject, path, "must be a source: an object with publisher, title, url, reference and publishedOn");
        string? publisher = null, title = null, url = null, reference = null;
        PartialDate? publishedOn = null;
        var seen = SourceField.None;
        if (form.Tracked) form.SourceStarts();
        while (true)
        {
            Next(ref r, path);
            if (r.TokenType == JsonTokenType.EndObject) break;
            var field = SourceFieldOf(ref r, paths, out var fieldPath);
            if ((seen & field) != 0) throw Problem(fieldPath, "is given twice");
            if (form.Tracked) form.SourceName(ref r, System.Numerics.BitOperations.Log2((uint)field));
            seen |= field;
            Next(ref r, fieldPath);
            switch (field)
            {
                case SourceField.Publisher: publisher = keep ? Repeated(ref r, fieldPath, ref t_publisher) : Checked(ref r, fieldPath, Text); break;
                case SourceField.Title: title = keep ? Text(ref r, fieldPath) : Checked(ref r, fieldPath, Text); break;
                case SourceField.Url: url = keep ? OptionalText(ref r, fieldPath) : Checked(ref r, fieldPath, OptionalText); break;
                case SourceField.Reference: reference = keep ? OptionalText(ref r, fieldPath) : Checked(ref r, fieldPath, OptionalText); break;
                case SourceField.PublishedOn: publishedOn = r.TokenType == JsonTokenType.Null ? null : Date(ref r, fieldPath); break;
            }
            if (form.Tracked) form.Value(ref r, field == SourceField.PublishedOn ? WriterForm.Spelt.Date : WriterForm.Spelt.AsIs);
        }
        var missing = SourceField.All & ~seen;
        if (missing != 0) throw Problem(path, $"lacks {string.Join(", ", SourceFields.Where(f => missing.HasFlag(f.Field)).Select(f => f.Name))}");
        return keep ? new(publisher!, title!, url, reference, publishedOn) : null;
    }

    private delegate string? TextReader(ref Utf8JsonReader r, string path);

    /// <summary>
    /// A text field checked as <paramref name="read"/> reads it, without making its text when it is plain UTF-8 (as nearly every
    /// one is: the contract's writer escapes only quotes, backslashes and control characters); null.
    /// </summary>
    private static string? Checked(ref Utf8JsonReader r, string path, TextReader read)
    {
        if (r.TokenType == JsonTokenType.String && !r.ValueIsEscaped && System.Text.Unicode.Utf8.IsValid(r.ValueSpan)) return null;
        read(ref r, path); // the refusal, or the escaped text read as it would be, and dropped
        return null;
    }

    /// <summary>
    /// Writes the sources' fields into an event's hash (<see cref="EventHash"/>, in its order): each text's UTF-8 as the JSON
    /// holds it when unescaped (what <see cref="String"/> would read, encoded again), else the text read; a date as written.
    /// <paramref name="json"/> begins with the array of sources of an envelope <see cref="Deserialize"/> checked.
    /// </summary>
    internal static void HashSourceFields(ReadOnlySpan<byte> json, ArrayBufferWriter<byte> buffer)
    {
        var r = new Utf8JsonReader(json, Options);
        Next(ref r, "$.sources");
        Span<char> chars = stackalloc char[PartialDate.MaxLength];
        while (true)
        {
            Next(ref r, "$.sources");
            if (r.TokenType == JsonTokenType.EndArray) return;
            HashedText publisher = default, title = default, url = default, reference = default;
            PartialDate? publishedOn = null;
            while (true)
            {
                Next(ref r, "$.sources");
                if (r.TokenType == JsonTokenType.EndObject) break;
                var field = SourceFieldOf(ref r, SourcePaths(0), out var fieldPath);
                Next(ref r, fieldPath);
                switch (field)
                {
                    case SourceField.Publisher: publisher = HashedText.Of(ref r); break;
                    case SourceField.Title: title = HashedText.Of(ref r); break;
                    case SourceField.Url: url = HashedText.Of(ref r); break;
                    case SourceField.Reference: reference = HashedText.Of(ref r); break;
                    case SourceField.PublishedOn: publishedOn = r.TokenType == JsonTokenType.Null ? null : Date(ref r, fieldPath); break;
                }
            }
            publisher.WriteTo(buffer, json);
            title.WriteTo(buffer, json);
            url.WriteTo(buffer, json);
            reference.WriteTo(buffer, json);
            EventHash.Text(buffer, publishedOn is { } published ? chars[..published.Format(chars)] : default);
        }
    }

    /// <summary>A text field of a checked source for the hash: where its unescaped UTF-8 is, or its text read (escaped), or nothing (null).</summary>
    private readonly record struct HashedText(int Start, int Length, string? Read)
    {
        public static HashedText Of(ref Utf8JsonReader r) =>
            r.TokenType == JsonTokenType.Null ? default
            : r.ValueIsEscaped ? new(0, 0, r.GetString())
            : new((int)r.TokenStartIndex + 1, r.ValueSpan.Length, null); // after the opening quote

        public void WriteTo(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> json)
        {
            if (Read is not null) EventHash.Text(buffer, Read);
            else EventHash.Bytes(buffer, json.Slice(Start, Length));
        }
    }

    /// <param name="index">The field's place in the writer's order (<see cref="EnvelopeFields"/>).</param>
    private static Field EnvelopeField(ref Utf8JsonReader r, out string path, out int index)
    {
        for (index = 0; index < EnvelopeFields.Length; index++)
            if (r.ValueTextEquals(EnvelopeFields[index].Utf8)) { path = EnvelopePaths[index]; return EnvelopeFields[index].Field; }
        throw Problem("$." + Name(ref r), $"is not a field of the envelope; the fields are {string.Join(", ", EnvelopeFields.Select(f => f.Name))}");
    }

    private static SourceField SourceFieldOf(ref Utf8JsonReader r, string[] paths, out string fieldPath)
    {
        for (var i = 0; i < SourceFields.Length; i++)
            if (r.ValueTextEquals(SourceFields[i].Utf8)) { fieldPath = paths[1 + i]; return SourceFields[i].Field; }
        throw Problem(paths[0] + "." + Name(ref r), $"is not a field of a source; the fields are {string.Join(", ", SourceFields.Select(f => f.Name))}");
    }

    private static string Name(ref Utf8JsonReader r)
    {
        try { return r.GetString()!; }
        catch (InvalidOperationException) { return "(a name that is not valid Unicode)"; }
    }

    // The text read last on this thread for a field that repeats from one envelope to the next: the hash an event claims as its
    // previous one is the one read with the event before it whenever a stream is read in order (every load, rebuild and
    // verify), and one recorder and one publisher record runs of events. The same string is given again, not a copy per event.
    [ThreadStatic] private static string? t_hash, t_recordedBy, t_publisher;

    [ThreadStatic] private static List<Source>? t_read;

    /// <summary>
    /// A string field (<see cref="Text"/>): <paramref name="last"/> when it holds the same text, else the text read, kept as the
    /// last. Only unescaped text is compared: <see cref="Utf8JsonReader.ValueTextEquals(string)"/> throws on an escaped half of a
    /// surrogate pair, which <see cref="Text"/> refuses naming the field.
    /// </summary>
    private static string Repeated(ref Utf8JsonReader r, string path, ref string? last) =>
        last is not null && r.TokenType == JsonTokenType.String && !r.ValueIsEscaped && r.ValueTextEquals(last) ? last : last = Text(ref r, path);

    private static string Text(ref Utf8JsonReader r, string path) =>
        r.TokenType == JsonTokenType.String ? String(ref r, path) : throw Problem(path, $"must be a string, not {Kind(r.TokenType)}");

    private static string? OptionalText(ref Utf8JsonReader r, string path) =>
        r.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => String(ref r, path),
            _ => throw Problem(path, $"must be a string or null, not {Kind(r.TokenType)}"),
        };

    private static string String(ref Utf8JsonReader r, string path)
    {
        try { return r.GetString()!; }
        catch (InvalidOperationException) { throw Problem(path, "cannot be read as text: it is not valid Unicode (an escaped half of a surrogate pair?)"); }
    }

    private static PartialDate Date(ref Utf8JsonReader r, string path)
    {
        if (r.TokenType != JsonTokenType.String) throw Problem(path, $"must be a partial date (YYYY, YYYY-MM or YYYY-MM-DD), not {Kind(r.TokenType)}");
        // Read from the bytes, without a string, when it is plain ASCII of a date's length: every envelope has one or more.
        // Anything else (escaped, longer, not a date) goes the way that names the problem.
        Span<char> chars = stackalloc char[PartialDate.MaxLength];
        if (!r.ValueIsEscaped && r.ValueSpan.Length <= chars.Length
            && System.Text.Ascii.ToUtf16(r.ValueSpan, chars, out var length) == OperationStatus.Done
            && PartialDate.TryParse(chars[..length], out var read, out _))
            return read;
        return PartialDate.TryParse(String(ref r, path), out var date, out var error) ? date : throw Problem(path, error!);
    }

    private static Guid Id(ref Utf8JsonReader r, string path) =>
        r.TokenType == JsonTokenType.String && r.TryGetGuid(out var id) ? id : throw Problem(path, "must be a UUID (8-4-4-4-12 hexadecimal digits)");

    private static void Next(ref Utf8JsonReader r, string path)
    {
        if (!r.Read()) throw Problem(path, "is cut short: the metadata ends inside it");
    }

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type, string path, string what)
    {
        if (r.TokenType != type) throw Problem(path, $"{what}, not {Kind(r.TokenType)}");
    }

    private static string Kind(JsonTokenType t) => t switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => t.ToString(),
    };

    /// <summary>A problem naming its field in the message too: readers of the log show the message alone ("the envelope's recordedBy …").</summary>
    private static JsonException Problem(string path, string message) =>
        new(path.Length > 2 ? $"the envelope's {path[2..]} {message}" : message, path, null, null);

    private static string Names(Field missing) =>
        string.Join(", ", EnvelopeFields.Where(f => missing.HasFlag(f.Field)).Select(f => f.Name));

    [Flags]
    private enum Field
    {
        None = 0,
        SchemaVersion = 1,
        EffectiveDate = 2,
        RecordedBy = 4,
        Sources = 8,
        CorrelationId = 16,
        CausationId = 32,
        PreviousHash = 64,
        Hash = 128,
        OriginallyRecordedAt = 256,
        RecordedThrough = 512,
        Required = 255,
    }

    [Flags]
    private enum SourceField { None = 0, Publisher = 1, Title = 2, Url = 4, Reference = 8, PublishedOn = 16, All = 31 }

    /// <summary>A field's name, its UTF-8 (matched escaped or not by <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/>) and its flag.</summary>
    private sealed record Named<TField>(string Name, TField Field)
    {
        public byte[] Utf8 { get; } = System.Text.Encoding.UTF8.GetBytes(Name);
    }

    private static readonly Named<Field>[] EnvelopeFields =
    [
        new("schemaVersion", Field.SchemaVersion), new("effectiveDate", Field.EffectiveDate), new("recordedBy", Field.RecordedBy),
        new("recordedThrough", Field.RecordedThrough), new("sources", Field.Sources), new("$correlationId", Field.CorrelationId), new("$causationId", Field.CausationId),
        new("previousHash", Field.PreviousHash), new("hash", Field.Hash), new("originallyRecordedAt", Field.OriginallyRecordedAt),
    ];

    /// <summary>Each envelope field's path, made once: a path is passed on every read and used only when a problem names it.</summary>
    private static readonly string[] EnvelopePaths = EnvelopeFields.Select(f => "$." + f.Name).ToArray();

    private static readonly Named<SourceField>[] SourceFields =
    [
        new("publisher", SourceField.Publisher), new("title", SourceField.Title), new("url", SourceField.Url),
        new("reference", SourceField.Reference), new("publishedOn", SourceField.PublishedOn),
    ];

    /// <summary>The paths of the first sources and their fields, made once (an event has 1–20 sources); later ones are made when met.</summary>
    private static readonly string[][] SourcePathsMadeOnce = Enumerable.Range(0, 32).Select(MakeSourcePaths).ToArray();

    /// <summary>[0] the source, [1 + i] its field i.</summary>
    private static string[] SourcePaths(int index) => index < SourcePathsMadeOnce.Length ? SourcePathsMadeOnce[index] : MakeSourcePaths(index);

    private static string[] MakeSourcePaths(int index) =>
        [$"$.sources[{index}]", .. SourceFields.Select(f => $"$.sources[{index}].{f.Name}")];
}
