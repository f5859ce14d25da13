using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;

namespace RelationsLedger.Application.Queries;

public static partial class QueryRules
{
    /// <summary>An "as of" date: a whole day, YYYY-MM-DD.</summary>
    public static IRuleBuilderOptions<T, string?> Day<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => TryParseDay(v, out _)).WithMessage("'{PropertyName}' must be a day of the form YYYY-MM-DD; '{PropertyValue}' is not.");

    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>
    /// A moment (for "as known at"): ISO 8601, e.g. 2025-04-17T12:00:00Z; without an offset it is taken as UTC. A fraction
    /// of a second finer than the ledger's clock (100 ns, seven digits) is cut, not rounded: .NET rounds it to the nearest
    /// tick, which made a moment nanoseconds before an event was recorded the very tick it was recorded at — and the
    /// answer one that knew the event.
    /// </summary>
    public static bool TryParseMoment(string? text, out DateTimeOffset moment) =>
        DateTimeOffset.TryParse(text is null ? null : FinerThanTicks().Replace(text, ""), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out moment)
        && text!.Trim().Length >= 10;

    /// <summary>The digits of a fraction of a second after its seventh.</summary>
    [GeneratedRegex(@"(?<=:\d{2}[.,]\d{7})\d+")]
    private static partial Regex FinerThanTicks();

    public const string MomentExpected = "a moment in ISO 8601, e.g. 2025-04-17T12:00:00Z";

    public static DateOnly ParseDay(string text) =>
        TryParseDay(text, out var day) ? day : throw new FormatException($"'{text}' is not a day of the form YYYY-MM-DD.");
}
