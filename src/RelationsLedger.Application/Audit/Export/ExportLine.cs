using System.Text.Json;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Audit.Export;

/// <summary>
/// One line of an NDJSON export (docs/audit.md, "Export format"): every field the store holds for
/// an event. <c>data</c> is written verbatim — the hash covers its exact bytes — and so is
/// <c>metadata</c>, the envelope with both hashes. Bytes that are not one line of JSON (never
/// written by this ledger) go as <c>dataBase64</c> / <c>metadataBase64</c> instead.
/// </summary>
public static class ExportLine
{
    public static readonly string[] Fields = ["position", "eventId", "stream", "revision", "type", "recordedAt", "storedAt", "data", "dataBase64", "metadata", "metadataBase64"];

    public static void Write(Utf8JsonWriter w, RecordedEvent e)
    {
        w.WriteStartObject();
        w.WriteString("position", e.Position.ToString());
        w.WriteString("eventId", e.EventId.ToString("D"));
        w.WriteString("stream", e.Stream);
        w.WriteNumber("revision", e.Revision);
        w.WriteString("type", e.Type);
        w.WriteString("recordedAt", Moments.Text(RecordedAt(e)));
        w.WriteString("storedAt", Moments.Text(e.RecordedAt));
        Verbatim(w, "data", e.Data);
        Verbatim(w, "metadata", e.Metadata);
        w.WriteEndObject();
    }

    /// <summary>When the ledger learned the event: kept across imports in the envelope.</summary>
    public static DateTimeOffset RecordedAt(RecordedEvent e)
    {
        try
        {
            return Envelope.Deserialize(e.Metadata).OriginallyRecordedAt ?? e.RecordedAt;
        }
        catch (JsonException)
        {
            return e.RecordedAt; // exported as stored; verify and import will name it
        }
    }

    private static void Verbatim(Utf8JsonWriter w, string name, ReadOnlyMemory<byte> bytes)
    {
        if (IsOneLineOfJson(bytes.Span))
        {
            w.WritePropertyName(name);
            w.WriteRawValue(bytes.Span, skipInputValidation: true);
        }
        else w.WriteString(name + "Base64", Convert.ToBase64String(bytes.Span));
    }

    /// <summary>Whether <paramref name="bytes"/> are one JSON value on one line, written as they are; others go as base64.</summary>
    public static bool IsOneLineOfJson(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOfAny((byte)'\n', (byte)'\r') >= 0) return false;
        try
        {
            var reader = new Utf8JsonReader(bytes);
            return JsonDocument.TryParseValue(ref reader, out var doc) && doc is not null && reader.BytesConsumed == bytes.Length && Dispose(doc);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Dispose(JsonDocument doc)
    {
        doc.Dispose();
        return true;
    }

    /// <summary>The one form an export writes a time in (<see cref="Moments.Text"/>), as a reader names it.</summary>
    public const string TimeForm = "yyyy-MM-ddTHH:mm:ss.fffffffZ";

    /// <summary>Why <paramref name="text"/> is not a time of a line.</summary>
    public static string NotATime(string text) =>
        $"'{text}' is not a time in the form an export writes: {TimeForm} (UTC, seven fractional digits, e.g. 2025-07-03T10:11:12.1234567Z)";
}
