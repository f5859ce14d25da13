using System.Text.Json;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;

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
    /// The line as one JSON object, read in one pass (<see cref="ExportLineValues"/>), or null with why it is not one (<c>(line)</c>):
    /// not JSON, or JSON of another kind. <paramref name="utf8"/> is the line as read (strict UTF-8); the values point into it, so it
    /// must not change while they are used. <paramref name="inPlace"/> reads <c>data</c> and <c>metadata</c> where they stand.
    /// </summary>
    public static ExportLineValues? Parse(ReadOnlyMemory<byte> utf8, Action<string, string> error, ExportLineValues.InPlace? inPlace = null)
    {
        ExportLineValues line;
        JsonTokenType root;
        try
        {
            line = ExportLineValues.Read(utf8, inPlace, out root);
        }
        catch (JsonException e)
        {
            error("(line)", $"not valid JSON: {e.Message}");
            return null;
        }
        if (root == JsonTokenType.StartObject) return line;
        error("(line)", $"a line must be one JSON object, not {FieldValue.NameOf(root)}");
        return null;
    }

    /// <summary>Fields an export never writes, and fields given twice (JSON allows it; which one a reader takes differs).</summary>
    public static void CheckNames(ExportLineValues line, Action<string, string> error)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in line.Names)
        {
            if (!ExportLine.Fields.Contains(name))
                error(name.Length == 0 ? "(line)" : name, // a field must be named by something a reader can see
                    $"{(name.Length == 0 ? "a field with an empty name " : "")}is not a field of an export line; the fields are {string.Join(", ", ExportLine.Fields)}");
            else if (!seen.Add(name))
                error(name, "is given twice: a line names each field once (readers differ on which of the two they take)");
        }
    }

    /// <summary>A required string field, or null with its problem named.</summary>
    public static string? Text(ExportLineValues line, string field, Action<string, string> error)
    {
        if (line[field] is not { Kind: not JsonTokenType.Null } v) { error(field, "is required"); return null; }
        if (v.Kind != JsonTokenType.String) { error(field, $"must be a string, not {v.KindName}"); return null; }
        if (v.Text is { } text) return text;
        error(field, NotUnicode);
        return null;
    }

    /// <summary><c>eventId</c>: the one UUID form every entry point reads (<see cref="UuidText"/>), the form the export writes; not the empty id.</summary>
    public static Guid? EventId(ExportLineValues line, Action<string, string> error)
    {
        if (Text(line, "eventId", error) is not { } text) return null;
        if (UuidText.TryParse(text, out var id) && id != Guid.Empty) return id;
        error("eventId", $"'{text}' is not an event id (a UUID in the form {UuidText.Form})");
        return null;
    }

    /// <summary><c>position</c>: the exporting store's, as it writes it (<c>commit</c> or <c>commit/prepare</c>).</summary>
    public static GlobalPosition? Position(ExportLineValues line, Action<string, string> error)
    {
        if (Text(line, "position", error) is not { } text) return null;
        if (GlobalPosition.TryParse(text, out var position)) return position;
        error("position", $"'{text}' is not a global position (a whole number, or commit/prepare)");
        return null;
    }

    /// <summary><c>revision</c>: a whole number, 0 or more.</summary>
    public static ulong? Revision(ExportLineValues line, Action<string, string> error)
    {
        if (line["revision"] is not { } rev) { error("revision", "is required"); return null; }
        if (rev.WholeNumber is { } revision) return revision;
        error("revision", "must be a whole number, 0 or more");
        return null;
    }

    /// <summary><c>recordedAt</c> or <c>storedAt</c>, in the one form the export writes (<see cref="ExportLine.TryParseTime"/>).</summary>
    public static DateTimeOffset? Time(ExportLineValues line, string field, Action<string, string> error)
    {
        if (Text(line, field, error) is not { } text) return null;
        if (ExportLine.TryParseTime(text, out var time)) return time;
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
            ? $"{LedgerDigest.RecordedTime(recordedAt)} differs from metadata.originallyRecordedAt {LedgerDigest.RecordedTime(original)}, when the ledger first recorded the event"
            : $"{LedgerDigest.RecordedTime(recordedAt)} differs from storedAt {LedgerDigest.RecordedTime(storedAt)}, and the envelope has no originallyRecordedAt: " +
              "an export writes the two apart only for an imported event, whose envelope says when it was first recorded";

    /// <summary>
    /// <c>data</c>/<c>metadata</c> as given: the raw JSON as written (<see cref="FieldValue.Raw"/>, its exact bytes in the line), or the
    /// Base64 variant (its bytes decoded, in <see cref="FieldValue.Raw"/>). <paramref name="objectsOnly"/>: whether the raw JSON must be
    /// an object (an event's always is; an export of a store another writer changed may hold any value).
    /// </summary>
    public static FieldValue? Raw(ExportLineValues line, string field, bool objectsOnly, Action<string, string> error)
    {
        var given = line[field];
        var givenBase64 = line[field + "Base64"];
        if (given.HasValue == givenBase64.HasValue)
        {
            error(field, given.HasValue ? $"give either '{field}' or '{field}Base64', not both" : "is required");
            return null;
        }
        if (given is { } raw)
        {
            if (objectsOnly && raw.Kind != JsonTokenType.StartObject) { error(field, $"must be a JSON object, not {raw.KindName}"); return null; }
            return raw;
        }
        // What a JSON document's GetString answers: "" for null; no text for another kind, or for an escaped half of a surrogate pair.
        var base64 = givenBase64!.Value;
        var text = base64.Kind == JsonTokenType.Null ? "" : base64.Kind == JsonTokenType.String && !base64.TextUnreadable ? base64.Text! : null;
        if (text is not null)
        {
            try { return base64 with { Raw = Convert.FromBase64String(text), InPlace = null }; }
            catch (FormatException) { }
        }
        error(field + "Base64", "is not Base64");
        return null;
    }
}
