using System.Globalization;
using System.Text.Json;

namespace RelationsLedger.Store.KurrentDb.Mapping;

/// <summary>
/// What a stream's metadata (the last <c>$metadata</c> event of <c>$$stream</c>) hides of it: the server's
/// <c>$tb</c> (truncate before; <see cref="long.MaxValue"/> once the stream was soft-deleted), <c>$maxCount</c> and
/// <c>$maxAge</c> (seconds). The ledger never sets them; anyone with the server's rights can.
/// </summary>
internal static class StreamMetadata
{
    public const string EventType = "$metadata";
    public const string StreamPrefix = "$$";

    /// <summary>How the metadata hides events of its stream, as a sentence's end; null when it hides none.</summary>
    public static string? Hides(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException)
        {
            return null; // the server refuses metadata it cannot read; such metadata has no effect
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            var hides = new List<string>();
            if (Number(document.RootElement, "$tb") is { } before and > 0)
                hides.Add(before == long.MaxValue ? "the stream was deleted on the server (a soft delete: every revision is hidden)"
                    : $"{Revisions(0, (ulong)before - 1)} hidden by its metadata (truncate before {before.ToString(CultureInfo.InvariantCulture)})");
            if (Number(document.RootElement, "$maxCount") is { } count)
                hides.Add($"its metadata lets only its last {count.ToString(CultureInfo.InvariantCulture)} event(s) be read (max count)");
            if (Number(document.RootElement, "$maxAge") is { } age)
                hides.Add($"its metadata hides events older than {age.ToString(CultureInfo.InvariantCulture)} s (max age)");
            return hides.Count == 0 ? null : string.Join("; ", hides);
        }
    }

    /// <summary>
    /// Whether the metadata hides by count or age, which goes on hiding events recorded after it: a stream limited to its
    /// last 3 events hides its first once a fourth is appended. A truncation (<c>$tb</c>) hides the revisions before a number.
    /// </summary>
    public static bool HidesLaterEvents(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && (Number(document.RootElement, "$maxCount") is not null || Number(document.RootElement, "$maxAge") is not null);
        }
        catch (JsonException)
        {
            return false; // as Hides: metadata the server cannot read has no effect
        }
    }

    /// <summary>"revision 4 is" or "revisions 0–3 are", to begin a sentence's end.</summary>
    public static string Revisions(ulong first, ulong last) =>
        first == last ? $"revision {first} is" : $"revisions {first}–{last} are";

    private static long? Number(JsonElement metadata, string name) =>
        metadata.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
}
