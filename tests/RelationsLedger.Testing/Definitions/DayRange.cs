using System.Globalization;

namespace RelationsLedger.Testing.Definitions;

/// <summary>
/// A partial date as domain.md defines it: a year, a month or a day, standing for the days from its first to its last.
/// Read from the text alone (no product type), so that the definitions oracle shares nothing with what it checks.
/// </summary>
public readonly record struct DayRange(string Text, DateOnly First, DateOnly Last)
{
    public static DayRange Parse(string text)
    {
        var parts = text.Split('-');
        var year = int.Parse(parts[0], CultureInfo.InvariantCulture);
        return parts.Length switch
        {
            1 => new(text, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)),
            2 => Month(text, year, int.Parse(parts[1], CultureInfo.InvariantCulture)),
            3 => Day(text, new DateOnly(year, int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture))),
            _ => throw new FormatException($"'{text}' is not a partial date"),
        };
    }

    private static DayRange Month(string text, int year, int month) =>
        new(text, new DateOnly(year, month, 1), new DateOnly(year, month, DateTime.DaysInMonth(year, month)));

    private static DayRange Day(string text, DateOnly day) => new(text, day, day);

    /// <summary>
    /// As of <paramref name="asOf"/>, a change on this date has certainly happened once its last day is on or before the day;
    /// when only its first day is, it possibly has. (domain.md says "its whole interval is before D"; the founding example
    /// reads a change of day D as in force as of D — "As of 2025-04-17 and later: no designation in force" — so "before"
    /// takes the day itself in, and a month is certain on its last day.)
    /// </summary>
    public string CertaintyAsOf(DateOnly asOf) => Last <= asOf ? "certain" : "possible";

    public override string ToString() => Text;
}
