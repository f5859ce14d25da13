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
    public static string Text(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
