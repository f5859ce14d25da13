using System.Globalization;

namespace RelationsLedger.Cli.Output;

/// <summary>
/// A moment as every table shows it: UTC to the tick (the ledger's clock), in the ISO 8601 form <c>--known-at</c>
/// reads. A moment copied from "recorded at" then asks about the ledger exactly as it stood when the event was
/// recorded; one cut to milliseconds or seconds named an instant before it, whose answer did not know the event.
/// </summary>
public static class Moments
{
    public static string Text(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
