using System.Runtime.InteropServices;
using System.Text.Json;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Audit.Export;

/// <summary>
/// The fields of an export line, read as every reader of an export reads them (the import and <c>verify --file</c>):
/// exactly the fields an export writes (<see cref="ExportLine.Fields"/>), each once, in the form it writes it. A line
/// that is not so was never written by the ledger; each problem is named by its field. What the hashes cover (data,
/// envelope, stream, type) is left to each reader: verify judges it as tampering, the import by the commands' rules.
/// </summary>
public static class ExportLineFields
{
    public const string NotUnicode = "cannot be read as text: it is not valid Unicode (an escaped half of a surrogate pair?)";

    /// <summary>
    /// The line as one JSON object, or null with why it is not one (<c>(line)</c>): not JSON, or JSON of another kind.
    /// <paramref name="utf8"/> is the line as read (strict UTF-8); the document reads it in place, so it must not change while the document is used.
    /// </summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> utf8, Action<string, string> error)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            var length = JsonLineProblem.LengthOf(utf8.Span);
            error("(line)", JsonLineProblem.EndsEarly(e, length)
                ? $"not valid JSON: the line ends before its JSON does (after byte {length}): an export cut short (copied while it was written?) or edited"
                : $"not valid JSON at byte {e.BytePositionInLine + 1}: {JsonLineProblem.Reason(e)}");
            return null;
        }
        if (doc.RootElement.ValueKind == JsonValueKind.Object) return doc;
        error("(line)", $"a line must be one JSON object, not {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}");
        doc.Dispose();
        return null;
    }

    /// <summary>
    /// Fields an export never writes, fields given twice (JSON allows it; which one a reader takes differs), and names that cannot be
    /// read as text (an escaped half of a surrogate pair). False when a name cannot be read: a document's lookup of any field may then
    /// throw (it compares the names it passes), so the line's fields are not read further.
    /// </summary>
    public static bool CheckNames(JsonElement root, Action<string, string> error)
    {
        // The fields met so far, a bit each by its place in ExportLine.Fields (eleven): a set of names made for every line of an
        // import cost it ~800 bytes a line.
        var seen = 0;
        var readable = true;
        foreach (var p in root.EnumerateObject())
        {
            string name;
            try { name = p.Name; }
            catch (InvalidOperationException) // before: it ended the import, "unexpected error: AggregateException … This is a bug"
            {
                error("(line)", $"a field's name {NotUnicode}");
                readable = false;
                continue;
            }
            var field = Array.IndexOf(ExportLine.Fields, name);
            if (field < 0)
                error(name.Length == 0 ? "(line)" : name, // a field must be named by something a reader can see
                    $"{(name.Length == 0 ? "a field with an empty name " : "")}is not a field of an export line; the fields are {string.Join(", ", ExportLine.Fields)}");
            else if ((seen & (1 << field)) != 0)
                error(name, "is given twice: a line names each field once (readers differ on which of the two they take)");
            else seen |= 1 << field;
        }
        return readable;
    }

    /// <summary>A required string field, or null with its problem named.</summary>
    public static string? Text(JsonElement root, string field, Action<string, string> error)
    {
        if (!root.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) { error(field, "is required"); return null; }
        if (v.ValueKind != JsonValueKind.String) { error(field, $"must be a string, not {v.ValueKind.ToString().ToLowerInvariant()}"); return null; }
        if (Unescaped(v) is { } text) return text;
        error(field, NotUnicode);
        return null;
    }

    /// <summary><c>eventId</c>: the one UUID form every entry point reads (<see cref="UuidText"/>), the form the export writes; not the empty id.</summary>
    public static Guid? EventId(JsonElement root, Action<string, string> error)
    {
        if (Text(root, "eventId", error) is not { } text) return null;
        if (UuidText.TryParse(text, out var id) && id != Guid.Empty) return id;
        error("eventId", $"'{text}' is not an event id (a UUID in the form {UuidText.Form})");
        return null;
    }

    /// <summary><c>position</c>: the exporting store's, as it writes it (<c>commit</c> or <c>commit/prepare</c>).</summary>
    public static GlobalPosition? Position(JsonElement root, Action<string, string> error)
    {
        if (Text(root, "position", error) is not { } text) return null;
        if (GlobalPosition.TryParse(text, out var position)) return position;
        error("position", $"'{text}' is not a global position (a whole number, or commit/prepare)");
        return null;
    }

    /// <summary><c>revision</c>: a whole number, 0 or more.</summary>
    public static ulong? Revision(JsonElement root, Action<string, string> error)
    {
        if (!root.TryGetProperty("revision", out var rev)) { error("revision", "is required"); return null; }
        if (rev.ValueKind == JsonValueKind.Number && rev.TryGetUInt64(out var revision)) return revision;
        error("revision", "must be a whole number, 0 or more");
        return null;
    }

    /// <summary><c>recordedAt</c> or <c>storedAt</c>, in the one form the export writes (<see cref="Moments.TryParseText"/>).</summary>
    public static DateTimeOffset? Time(JsonElement root, string field, Action<string, string> error)
    {
        if (Text(root, field, error) is not { } text) return null;
        if (Moments.TryParseText(text, out var time)) return time;
        error(field, ExportLine.NotATime(text));
        return null;
    }

    /// <summary>
    /// Why a line's <c>recordedAt</c> is not the time its event was recorded, or null when it is: an export writes the
    /// envelope's <c>originallyRecordedAt</c> when it has one, else <c>storedAt</c> (<see cref="ExportLine.RecordedAt"/>). No hash
    /// covers it and the digest covers the time those two give, so an edited <c>recordedAt</c> would verify and then be imported
    /// as when the ledger learned the event.
    /// </summary>
    public static string? RecordedAtProblem(DateTimeOffset recordedAt, DateTimeOffset storedAt, DateTimeOffset? originallyRecordedAt) =>
        recordedAt == (originallyRecordedAt ?? storedAt) ? null
        : originallyRecordedAt is { } original
            ? $"{Moments.Text(recordedAt)} differs from metadata.originallyRecordedAt {Moments.Text(original)}, when the ledger first recorded the event"
            : $"{Moments.Text(recordedAt)} differs from storedAt {Moments.Text(storedAt)}, and the envelope has no originallyRecordedAt: " +
              "an export writes the two apart only for an imported event, whose envelope says when it was first recorded";

    /// <summary>
    /// The exact bytes of <c>data</c>/<c>metadata</c>: the raw JSON as written, or the Base64 variant. <paramref name="objectsOnly"/>:
    /// whether the raw JSON must be an object (an event's always is; an export of a store another writer changed may hold any value).
    /// </summary>
    public static byte[]? Bytes(JsonElement root, string field, bool objectsOnly, Action<string, string> error)
    {
        var hasRaw = root.TryGetProperty(field, out var raw);
        var hasBase64 = root.TryGetProperty(field + "Base64", out var base64);
        if (hasRaw == hasBase64)
        {
            error(field, hasRaw ? $"give either '{field}' or '{field}Base64', not both" : "is required");
            return null;
        }
        if (hasRaw)
        {
            if (objectsOnly && raw.ValueKind != JsonValueKind.Object) { error(field, $"must be a JSON object, not {raw.ValueKind.ToString().ToLowerInvariant()}"); return null; }
            // The document holds the line as UTF-8: its bytes as they are, not decoded to text and encoded again.
            return JsonMarshal.GetRawUtf8Value(raw).ToArray();
        }
        try { return Convert.FromBase64String(base64.GetString() ?? ""); }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            error(field + "Base64", "is not Base64");
            return null;
        }
    }

    /// <summary>A string value as text; null when its escapes do not make valid UTF-16 (half of a surrogate pair).</summary>
    private static string? Unescaped(JsonElement value)
    {
        try { return value.GetString(); }
        catch (InvalidOperationException) { return null; }
    }
}
