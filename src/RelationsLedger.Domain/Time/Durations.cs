using System.Globalization;

namespace RelationsLedger.Domain.Time;

/// <summary>How long a span is, as a message says it to a person: its two largest units, whole, singular where one.</summary>
public static class Durations
{
    /// <summary>"2 days 3 hours", "1 hour 59 minutes", "12 minutes", "0 minutes": cut to the minute, never rounded up.</summary>
    public static string Text(TimeSpan span)
    {
        var (days, hours, minutes) = ((long)span.TotalDays, span.Hours, span.Minutes);
        return days > 0 ? Join(Unit(days, "day"), hours, "hour")
            : hours > 0 ? Join(Unit(hours, "hour"), minutes, "minute")
            : Unit(minutes, "minute");
    }

    private static string Join(string first, long next, string name) => next > 0 ? $"{first} {Unit(next, name)}" : first;

    private static string Unit(long count, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {name}{(count == 1 ? "" : "s")}");
}
