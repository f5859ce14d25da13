using System.Globalization;

namespace RelationsLedger.Domain.Time;

/// <summary>
/// A moment of recorded time as text: UTC to the tick (the ledger's clock), ISO 8601, <c>2025-07-03T10:11:12.1234567Z</c> —
/// the form `--known-at` and <c>knownAt</c> read, every table shows, exports write and digests hash. A moment copied from
/// "recorded at" then asks about the ledger exactly as it stood when the event was recorded; one cut to milliseconds or
/// seconds named an instant before it, whose answer did not know the event.
/// </summary>
public static class Moments
{
    private const string Form = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Text(DateTimeOffset moment) => moment.UtcDateTime.ToString(Form, CultureInfo.InvariantCulture);

    /// <summary>
    /// A moment written in exactly this form: any other text, even for the same moment, is not one. What a reader of an
    /// export holds a line's times to, so that the lines of one file are read alike by every reader.
    /// </summary>
    public static bool TryParseText(string? text, out DateTimeOffset moment) => TryParseText(text.AsSpan(), out moment);

    /// <summary>As <see cref="TryParseText(string?, out DateTimeOffset)"/>, of text in place (an import's line, read without a string made of it).</summary>
    public static bool TryParseText(ReadOnlySpan<char> text, out DateTimeOffset moment) =>
        DateTimeOffset.TryParseExact(text, Form, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out moment);
}
