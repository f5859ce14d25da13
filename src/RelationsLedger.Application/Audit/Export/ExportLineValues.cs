using System.Text.Json;

namespace RelationsLedger.Application.Audit.Export;

/// <summary>
/// An export line read in one pass of one <see cref="Utf8JsonReader"/>: its field names in order, and each field's value
/// as a JSON document's lookup answers it (the last of a field given twice). <c>data</c> and <c>metadata</c> can be read
/// where they stand, in the same pass (<see cref="InPlace"/>): an import then reads each byte of a line once, where it read
/// the line, then the envelope's bytes again, then the event's (docs/performance.md, round 32).
/// </summary>
public sealed class ExportLineValues
{
    /// <summary>
    /// Reads a raw <c>data</c> or <c>metadata</c> object where it stands, the reader on its start, and leaves the reader on its end;
    /// <paramref name="line"/> holds the fields met before it. What it answers is the value's <see cref="FieldValue.InPlace"/>.
    /// Whatever it throws is not a problem of the line: the value is then passed over and read alone by its reader, who names the problem.
    /// </summary>
    public delegate object? InPlace(string field, ref Utf8JsonReader reader, ExportLineValues line);

    /// <summary>Each field's name as UTF-8, matched escaped or not (<see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/>): no string is made for a name the line should have.</summary>
    private static readonly byte[][] FieldsUtf8 = [.. ExportLine.Fields.Select(System.Text.Encoding.UTF8.GetBytes)];

    private readonly FieldValue?[] _values = new FieldValue?[ExportLine.Fields.Length];
    private readonly List<string> _names = new(ExportLine.Fields.Length);
    private InvalidOperationException? _unreadableName;

    private ExportLineValues(ReadOnlyMemory<byte> utf8) => Utf8 = utf8;

    /// <summary>The line's bytes, which every <see cref="FieldValue"/> points into.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>
    /// The field names in the order given, each as often as given. A name whose escapes are not valid Unicode throws here, the
    /// exception a JSON document's <c>JsonProperty.Name</c> throws for it.
    /// </summary>
    public IReadOnlyList<string> Names => _unreadableName is { } e ? throw e : _names;

    /// <summary>The value of <paramref name="field"/> (a field of <see cref="ExportLine.Fields"/>), the last one given; null when it is not given.</summary>
    public FieldValue? this[string field] => _values[Array.IndexOf(ExportLine.Fields, field)];

    /// <summary>
    /// The line's values; or, when the line is not one JSON value, its reader's exception — thrown at the first byte that is not
    /// JSON, as a document's parse would throw it, whatever an in-place reader met before.
    /// </summary>
    public static ExportLineValues Read(ReadOnlyMemory<byte> utf8, InPlace? inPlace, out JsonTokenType root)
    {
        var line = new ExportLineValues(utf8);
        var r = new Utf8JsonReader(utf8.Span); // a document's own options: no comments, no trailing commas, depth 64
        if (!r.Read()) throw new InvalidOperationException("a reader over final input reads a first token or throws");
        root = r.TokenType;
        if (root == JsonTokenType.StartObject) line.ReadFields(ref r, inPlace);
        else r.Skip();
        while (r.Read()) { } // anything after the value throws, as it does in a document's parse
        return line;
    }

    private void ReadFields(ref Utf8JsonReader r, InPlace? inPlace)
    {
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var index = FieldIndex(ref r);
            _names.Add(index >= 0 ? ExportLine.Fields[index] : Name(ref r) ?? ""); // "" never seen: Names throws for it
            r.Read();
            if (index < 0) { r.Skip(); continue; }
            _values[index] = Value(ExportLine.Fields[index], ref r, inPlace);
        }
    }

    private FieldValue Value(string field, ref Utf8JsonReader r, InPlace? inPlace)
    {
        var kind = r.TokenType;
        var start = (int)r.TokenStartIndex;
        string? text = null;
        var textUnreadable = false;
        ulong? wholeNumber = null;
        object? read = null;
        switch (kind)
        {
            case JsonTokenType.String:
                try { text = r.GetString(); }
                catch (InvalidOperationException) { textUnreadable = true; } // an escaped half of a surrogate pair
                break;
            case JsonTokenType.Number:
                if (r.TryGetUInt64(out var n)) wholeNumber = n;
                break;
            case JsonTokenType.StartObject when inPlace is not null:
                var before = r; // the reader is a struct: a copy is where it stood
                try { read = inPlace(field, ref r, this); }
                catch (Exception) // not the line's problem: its own reader, reading the value alone, names it
                {
                    read = null;
                    r = before;
                    r.Skip();
                }
                break;
            default:
                r.Skip();
                break;
        }
        return new(kind, Utf8.Slice(start, (int)r.BytesConsumed - start), text, textUnreadable, wholeNumber, read);
    }

    private static int FieldIndex(ref Utf8JsonReader r)
    {
        try
        {
            for (var i = 0; i < FieldsUtf8.Length; i++)
                if (r.ValueTextEquals(FieldsUtf8[i])) return i;
        }
        catch (InvalidOperationException) // an escaped half of a surrogate pair: no field's name; Name says so
        {
        }
        return -1;
    }

    private string? Name(ref Utf8JsonReader r)
    {
        try { return r.GetString(); }
        catch (InvalidOperationException e)
        {
            _unreadableName ??= e;
            return null;
        }
    }
}

/// <summary>
/// One field's value as given: its kind, its raw JSON (quotes and all for a string), a string's text (or that its escapes are
/// not valid Unicode), a number's value when it is a whole number of 0 or more, and what an in-place reader read of it.
/// </summary>
public readonly record struct FieldValue(JsonTokenType Kind, ReadOnlyMemory<byte> Raw, string? Text, bool TextUnreadable, ulong? WholeNumber, object? InPlace)
{
    /// <summary>The kind as a document names it (<c>JsonValueKind</c>, lower case): object, array, string, number, true, false, null.</summary>
    public string KindName => NameOf(Kind);

    /// <summary>The kind of a value that starts with <paramref name="token"/>, as a document names it.</summary>
    public static string NameOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => "null",
    };
}
