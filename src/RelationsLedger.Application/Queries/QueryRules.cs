using System.Globalization;
using FluentValidation;

namespace RelationsLedger.Application.Queries;

public static class QueryRules
{
    /// <summary>An "as of" date: a whole day, YYYY-MM-DD.</summary>
    public static IRuleBuilderOptions<T, string?> Day<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => TryParseDay(v, out _)).WithMessage("'{PropertyName}' must be a day of the form YYYY-MM-DD; '{PropertyValue}' is not.");

    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>A moment (for "as known at"): ISO 8601, e.g. 2025-04-17T12:00:00Z; without an offset it is taken as UTC.</summary>
    public static bool TryParseMoment(string? text, out DateTimeOffset moment) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out moment) && text!.Trim().Length >= 10;

    public const string MomentExpected = "a moment in ISO 8601, e.g. 2025-04-17T12:00:00Z";

    public static DateOnly ParseDay(string text) =>
        TryParseDay(text, out var day) ? day : throw new FormatException($"'{text}' is not a day of the form YYYY-MM-DD.");
}
