using System.Globalization;
using System.Text.Json;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb.Mapping;

/// <summary>
/// What a stream's metadata (the last <c>$metadata</c> event of <c>$$stream</c>) hides of it: the server's
/// <c>$tb</c> (truncate before; <see cref="long.MaxValue"/> once the stream was soft-deleted), <c>$maxCount</c> and
/// <c>$maxAge</c> (seconds). The ledger never sets them; anyone with the server's rights can.
/// </summary>
internal static class StreamMetadata
{
    public const string EventType = "$metadata";
    public const string StreamPrefix = HidingRecord.MetadataStreamPrefix;

    /// <summary>How the metadata hides events of its stream, as a sentence's end; null when it hides none.</summary>
    public static string? Hides(ReadOnlySpan<byte> json) => Read(json).How;

    /// <summary>
    /// How the metadata hides events of its stream (null: none), and whether it hides by count or age, which goes on hiding
    /// events recorded after it: a stream limited to its last 3 events hides its first once a fourth is appended. A truncation
    /// (<c>$tb</c>) hides the revisions before a number.
    /// </summary>
    public static (string? How, bool HidesLaterEvents) Read(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException)
        {
            return (null, false); // the server refuses metadata it cannot read; such metadata has no effect
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, false);
            var hides = new List<string>();
            if (Number(document.RootElement, "$tb") is { } before and > 0)
                hides.Add(before == long.MaxValue ? "the stream was deleted on the server (a soft delete: every revision is hidden)"
                    : $"{Revisions(0, (ulong)before - 1)} hidden by its metadata (truncate before {before.ToString(CultureInfo.InvariantCulture)})");
            var (count, age) = (Number(document.RootElement, "$maxCount"), Number(document.RootElement, "$maxAge"));
            if (count is { } c)
                hides.Add($"its metadata lets only its last {c.ToString(CultureInfo.InvariantCulture)} event(s) be read (max count)");
            if (age is { } a)
                hides.Add($"its metadata hides events older than {a.ToString(CultureInfo.InvariantCulture)} s (max age)");
            return (hides.Count == 0 ? null : string.Join("; ", hides), count is not null || age is not null);
        }
    }

    /// <summary>"revision 4 is" or "revisions 0–3 are", to begin a sentence's end.</summary>
    public static string Revisions(ulong first, ulong last) =>
        first == last ? $"revision {first} is" : $"revisions {first}–{last} are";

    private static long? Number(JsonElement metadata, string name) =>
        metadata.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
}
