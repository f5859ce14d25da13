using System.Runtime.InteropServices;
using System.Text.Json;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>One line of an export, read strictly: every required field present and well-formed, nothing unknown.</summary>
public sealed record ImportLine(
    int Line, Guid EventId, string Stream, RelationshipKey Key, ulong Revision, string Type,
    byte[] Data, Envelope Envelope, IRelationshipEvent Event, DateTimeOffset RecordedAt)
{
    /// <returns>The line, or null with the reasons added to <paramref name="errors"/>.</returns>
    public static ImportLine? Parse(int line, string text, List<ImportError> errors)
    {
        var before = errors.Count;
        void Error(string field, string message) => errors.Add(new(line, field, message));
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            Error("(line)", $"not valid JSON: {e.Message}");
            return null;
        }
        using var _ = doc;
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("(line)", $"a line must be one JSON object, not {root.ValueKind.ToString().ToLowerInvariant()}");
            return null;
        }
        foreach (var p in root.EnumerateObject().Where(p => !ExportLine.Fields.Contains(p.Name)))
            Error(p.Name.Length == 0 ? "(line)" : p.Name, // a field must be named by something a reader can see
                $"{(p.Name.Length == 0 ? "a field with an empty name " : "")}is not a field of an export line; the fields are {string.Join(", ", ExportLine.Fields)}");

        string? Text(string field)
        {
            if (!root.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) { Error(field, "is required"); return null; }
            if (v.ValueKind != JsonValueKind.String) { Error(field, $"must be a string, not {v.ValueKind.ToString().ToLowerInvariant()}"); return null; }
            if (Unescaped(v) is { } text) return text;
            Error(field, NotUnicode);
            return null;
        }

        var id = Text("eventId") is { } idText ? ParseId(idText) : null;
        if (id is null && root.TryGetProperty("eventId", out var given) && Unescaped(given) is { } givenId) Error("eventId", $"'{givenId}' is not an event id (a UUID in the form {UuidText.Form})");
        var stream = Text("stream");
        RelationshipKey? key = null;
        if (stream is not null && !RelationshipKey.TryParseStream(stream, out key))
            Error("stream", $"'{stream}' is not a relationship stream (relationship-<a>~<b>, the two party ids in ordinal order)");
        ulong revision = 0;
        if (!root.TryGetProperty("revision", out var rev)) Error("revision", "is required");
        else if (rev.ValueKind != JsonValueKind.Number || !rev.TryGetUInt64(out revision)) Error("revision", "must be a whole number, 0 or more");
        var type = Text("type");
        var recordedAtText = Text("recordedAt");
        DateTimeOffset recordedAt = default;
        if (recordedAtText is not null && !ExportLine.TryParseTime(recordedAtText, out recordedAt))
            Error("recordedAt", ExportLine.NotATime(recordedAtText));
        if (root.TryGetProperty("position", out var position) && position.ValueKind != JsonValueKind.String) Error("position", "must be a string");

        var data = Bytes(root, "data", Error);
        var metadata = Bytes(root, "metadata", Error);
        Envelope? envelope = null;
        if (metadata is not null)
        {
            try { envelope = Envelope.Deserialize(metadata); }
            catch (JsonException e) { Error(Field("metadata", e), e.Message); }
            catch (InvalidOperationException) { Error("metadata", NotUnicode); }
        }
        IRelationshipEvent? @event = null;
        if (type is not null && envelope is not null && data is not null)
        {
            if (EventCatalogue.Find(type, envelope.SchemaVersion) is null)
                Error("type", $"'{type}' version {envelope.SchemaVersion} is not an event type of the catalogue (docs/events.md)");
            else
            {
                try { @event = EventJson.DeserializeData(type, envelope.SchemaVersion, data); }
                catch (JsonException e) { Error(Field("data", e), e.Message); }
                catch (InvalidOperationException) { Error("data", NotUnicode); }
            }
        }
        if (envelope?.OriginallyRecordedAt is { } original && recordedAtText is not null && original != recordedAt)
            Error("metadata.originallyRecordedAt", $"{original:O} differs from the line's recordedAt {recordedAtText}");

        return errors.Count > before ? null : new(line, id!.Value, stream!, key!, revision, type!, data!, envelope!, @event!, recordedAt.ToUniversalTime());
    }

    private const string NotUnicode = "cannot be read as text: it is not valid Unicode (an escaped half of a surrogate pair?)";

    /// <summary>A string value as text; null when its escapes do not make valid UTF-16 (half of a surrogate pair).</summary>
    private static string? Unescaped(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return null;
        try { return value.GetString(); }
        catch (InvalidOperationException) { return null; }
    }

    /// <summary>The one UUID form every entry point reads (<see cref="UuidText"/>), the form the export writes; not the empty id.</summary>
    private static Guid? ParseId(string text) => UuidText.TryParse(text, out var id) && id != Guid.Empty ? id : null;

    /// <summary>The exact bytes of <c>data</c>/<c>metadata</c>: the raw JSON as written, or the Base64 variant.</summary>
    private static byte[]? Bytes(JsonElement root, string field, Action<string, string> error)
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
            if (raw.ValueKind != JsonValueKind.Object) { error(field, $"must be a JSON object, not {raw.ValueKind.ToString().ToLowerInvariant()}"); return null; }
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

    /// <summary>The field a reader error points at, e.g. <c>metadata.effectiveDate</c> for <c>$.effectiveDate</c>.</summary>
    private static string Field(string part, JsonException e) =>
        e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? $"{part}.{path[2..]}" : part;
}
