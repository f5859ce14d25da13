using System.Text.Json;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// The fields of an export line read in one <see cref="Utf8JsonReader"/> pass, when the line is sound in the export's own form:
/// one JSON object with nothing after it, each of <see cref="ExportLine.Fields"/> at most once, <c>data</c> and <c>metadata</c> raw
/// objects, every other field present, of its kind and well-formed. That is every line of an export the ledger wrote, and this
/// reads it without building a <see cref="JsonDocument"/> of it (its rows, and a lookup by name of each field). Any other line —
/// anything this pass does not take as it is — is read by <see cref="ExportLineFields"/>' document, as <c>verify --file</c> reads
/// it, which names each problem: the two agree on every line this pass takes, and what they read of it is the same.
/// </summary>
internal readonly record struct OnePassLine(
    GlobalPosition Position, Guid EventId, string Stream, RelationshipKey Key, ulong Revision, string Type,
    DateTimeOffset RecordedAt, DateTimeOffset StoredAt, byte[] Data, ReadOnlyMemory<byte> Metadata, Envelope Envelope, bool MetadataInWriterForm)
{
    /// <summary>The line's fields, or null when the line is not sound in the export's form (it is then read by the document, which says why).</summary>
    /// <remarks>
    /// The envelope is read in the pass (<see cref="EnvelopeJson.ReadInPlace"/>), not skipped and read again from a copy of its
    /// bytes (round 63); its sources and <see cref="Metadata"/> are over <paramref name="utf8"/>, which must not change. An envelope
    /// the reader refuses makes the line the document's, whose reading of it (<see cref="Envelope.Deserialize"/>) names the problem.
    /// The same pass tells whether the envelope's JSON is in the writer's form (<see cref="MetadataInWriterForm"/>, round 64).
    /// </remarks>
    public static OnePassLine? Read(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            return ReadSound(utf8);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException) // not JSON, a half surrogate escaped: the document names it
        {
            return null;
        }
    }

    private static OnePassLine? ReadSound(ReadOnlyMemory<byte> utf8)
    {
        // The options JsonDocument.Parse reads a line with: no comments, no trailing commas, depth 64. Scoped: the texts parsed in
        // place are read into this method's stack (Text).
        scoped var r = new Utf8JsonReader(utf8.Span);
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return null;
        GlobalPosition? position = null;
        Guid? id = null;
        string? stream = null, type = null;
        RelationshipKey? key = null;
        ulong? revision = null;
        DateTimeOffset? recordedAt = null, storedAt = null;
        byte[]? data = null;
        ReadOnlyMemory<byte>? metadata = null;
        Envelope? envelope = null;
        var inWriterForm = false;
        var seen = 0;
        Span<char> chars = stackalloc char[ShortText]; // a position's, an id's or a time's text, read in place
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueIsEscaped) return null;
            var field = FieldOf(ref r);
            if (field < 0 || (seen & (1 << field)) != 0) return null; // unknown, or given twice
            seen |= 1 << field;
            if (!r.Read()) return null;
            switch (field)
            {
                case PositionField:
                    if (!GlobalPosition.TryParse(Text(ref r, chars), out var p)) return null;
                    position = p;
                    break;
                case EventIdField:
                    if (!UuidText.TryParse(Text(ref r, chars), out var g) || g == Guid.Empty) return null;
                    id = g;
                    break;
                case StreamField:
                    if (!StreamOf(ref r, out stream, out key)) return null;
                    break;
                case RevisionField:
                    if (r.TokenType != JsonTokenType.Number || !r.TryGetUInt64(out var rev)) return null;
                    revision = rev;
                    break;
                case TypeField:
                    if ((type = Text(ref r)) is null) return null;
                    break;
                case RecordedAtField:
                    if (!Moments.TryParseText(Text(ref r, chars), out var at)) return null;
                    recordedAt = at;
                    break;
                case StoredAtField:
                    if (!Moments.TryParseText(Text(ref r, chars), out var stored)) return null;
                    storedAt = stored;
                    break;
                case DataField:
                    if ((data = RawObject(ref r, utf8.Span)) is null) return null;
                    break;
                case MetadataField:
                    if (r.TokenType != JsonTokenType.StartObject) return null;
                    var start = (int)r.TokenStartIndex;
                    envelope = EnvelopeJson.ReadInPlace(ref r, utf8, out inWriterForm);
                    metadata = utf8[start..(int)r.BytesConsumed];
                    break;
                default: return null; // dataBase64, metadataBase64: the document reads them
            }
        }
        if (r.TokenType != JsonTokenType.EndObject || r.Read()) return null; // a JsonException if anything but whitespace follows
        return position is { } po && id is { } i && stream is not null && key is not null && revision is { } rv && type is not null
               && recordedAt is { } ra && storedAt is { } sa && data is not null && metadata is { } m && envelope is not null
            ? new(po, i, stream, key, rv, type, ra, sa, data, m, envelope, inWriterForm)
            : null;
    }

    // Places in ExportLine.Fields.
    private const int PositionField = 0, EventIdField = 1, StreamField = 2, RevisionField = 3, TypeField = 4, RecordedAtField = 5, StoredAtField = 6,
        DataField = 7, MetadataField = 9;

    private static int FieldOf(ref Utf8JsonReader r)
    {
        for (var i = 0; i < FieldNames.Length; i++)
            if (r.ValueTextEquals(FieldNames[i])) return i;
        return -1;
    }

    private static readonly byte[][] FieldNames = [.. ExportLine.Fields.Select(System.Text.Encoding.UTF8.GetBytes)];

    // The stream of the line read last on this thread, and its key: an export holds a relationship's events in runs (two lines in
    // three at 1M follow one of their stream), and each is read by one thread in its part of a chunk. The same string and key are
    // given again, not a string made, split and its parties checked per line (round 64).
    [ThreadStatic] private static (string Name, RelationshipKey Key)? t_stream;

    /// <summary>The stream's name and its key; false when it is not a string naming a relationship's stream (the document names why).</summary>
    private static bool StreamOf(ref Utf8JsonReader r, out string? stream, out RelationshipKey? key)
    {
        // Only unescaped text is compared: ValueTextEquals throws on an escaped half of a surrogate pair, which the document names.
        if (t_stream is { } last && r.TokenType == JsonTokenType.String && !r.ValueIsEscaped && r.ValueTextEquals(last.Name))
        {
            (stream, key) = last;
            return true;
        }
        stream = Text(ref r);
        if (stream is null || !RelationshipKey.TryParseStream(stream, out key)) { key = null; return false; }
        t_stream = (stream, key!);
        return true;
    }

    /// <summary>A string value's text; null for any other kind (the document names it: required, or not a string).</summary>
    private static string? Text(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.String ? r.GetString() : null;

    /// <summary>The most characters of a text read in place (<see cref="Text(ref Utf8JsonReader, Span{char})"/>): a position, an id and a time are fewer.</summary>
    private const int ShortText = 64;

    /// <summary>
    /// A string value's text for a field that is parsed, not kept: unescaped into <paramref name="chars"/> when it fits (as
    /// <c>GetString</c> unescapes it, refusing what it refuses), without a string made of it; made when longer (no position, id or time
    /// is: it is refused as before); empty for any other kind, which no parse takes (the document names it). Four strings a line
    /// were made only to be parsed (round 66).
    /// </summary>
    private static ReadOnlySpan<char> Text(ref Utf8JsonReader r, Span<char> chars)
    {
        if (r.TokenType != JsonTokenType.String) return default;
        if (r.ValueSpan.Length > chars.Length) return r.GetString().AsSpan(); // UTF-8 is never fewer bytes than UTF-16 units, escaped or not
        return chars[..r.CopyString(chars)];
    }

    /// <summary>An object's bytes as the line holds them (as <c>JsonMarshal.GetRawUtf8Value</c> gives the document's); null for any other kind.</summary>
    private static byte[]? RawObject(ref Utf8JsonReader r, ReadOnlySpan<byte> utf8)
    {
        if (r.TokenType != JsonTokenType.StartObject) return null;
        var start = (int)r.TokenStartIndex;
        r.Skip();
        return utf8[start..(int)r.BytesConsumed].ToArray();
    }
}
