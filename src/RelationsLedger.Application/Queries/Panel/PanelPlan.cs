using System.Globalization;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries.Panel;

/// <summary>How often a panel has a date.</summary>
public enum PanelPeriod { Year, Quarter, Month, Day }

/// <summary>
/// A panel request made concrete: its dates (each with the period that ends on it), its kinds and its columns, all in
/// the kinds' order (<see cref="RelationshipModel.Kinds"/>). Made from a validated <see cref="GetPanel"/>.
/// </summary>
public sealed class PanelPlan
{
    /// <summary>The most dates one panel may have: ten years of days, or three centuries of months.</summary>
    public const int MaxDates = 3660;

    public static IReadOnlyList<string> Periods { get; } = Domain.Names.All<PanelPeriod>().ToArray();

    public static IReadOnlyList<string> KindNames { get; } = RelationshipModel.Kinds.Select(k => k.Name).ToArray();

    private PanelPlan(IReadOnlyList<DateOnly> dates, PanelPeriod period, IReadOnlyList<ItemKind> kinds, string? party, DateTimeOffset? knownAt)
    {
        (Dates, Period, Kinds, Party, KnownAt) = (dates, period, kinds, party, knownAt);
        Columns = PanelColumns.Of(kinds);
    }

    public IReadOnlyList<DateOnly> Dates { get; }
    public PanelPeriod Period { get; }
    public IReadOnlyList<ItemKind> Kinds { get; }
    public IReadOnlyList<PanelColumnOf> Columns { get; }
    public string? Party { get; }
    public DateTimeOffset? KnownAt { get; }

    /// <summary>The first day of the first period: items that ended before it are of no date's business.</summary>
    public DateOnly FirstDay => DateOnly.FromDayNumber(PeriodBefore(Dates[0]) + 1);

    public DateOnly LastDay => Dates[^1];

    public static PanelPlan Of(GetPanel q)
    {
        TryPeriod(q.Every, out var period);
        var (month, day) = (12, 31);
        if (q.On is not null) TryDayOfYear(q.On, out month, out day, out _);
        var dates = DatesOf(PartialDate.Parse(q.From), PartialDate.Parse(q.To), period, month, day).ToList();
        var names = AspectNames(q.Aspects);
        var kinds = RelationshipModel.Kinds.Where(k => names is null || names.Contains(k.Name)).ToList();
        return new(dates, period, kinds, q.Party, q.KnownAt);
    }

    /// <summary>
    /// The day before the period that ends on <paramref name="date"/> begins (its exclusive start), as a day number: -1
    /// when the period reaches back to the calendar's first day, 0001-01-01, before which there is no date to name.
    /// </summary>
    public int PeriodBefore(DateOnly date)
    {
        if (Period == PanelPeriod.Day) return date.DayNumber - 1;
        var back = Period switch { PanelPeriod.Year => 12, PanelPeriod.Quarter => 3, _ => 1 };
        if (MonthIndex(date) - back < MonthIndex(DateOnly.MinValue)) return -1;
        return Period == PanelPeriod.Year ? date.AddYears(-1).DayNumber : EndOfMonth(date.AddMonths(-back)).DayNumber;
    }

    public static bool TryPeriod(string? text, out PanelPeriod period) => Domain.Names.TryParse(text, out period);

    /// <summary>A day of every year, MM-DD: 02-29 is refused, as it is not in every year.</summary>
    public static bool TryDayOfYear(string text, out int month, out int day, out string why)
    {
        (month, day, why) = (0, 0, "");
        if (text.Length != 5 || text[2] != '-' || !int.TryParse(text[..2], NumberStyles.None, CultureInfo.InvariantCulture, out month)
            || !int.TryParse(text[3..], NumberStyles.None, CultureInfo.InvariantCulture, out day))
        {
            why = $"must be a day of the year, MM-DD (e.g. 12-31); '{text}' is not";
            return false;
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(2001, month))
        {
            why = month == 2 && day == 29 ? "cannot be 02-29, which is not in every year" : $"'{text}' is not a day of the year";
            return false;
        }
        return true;
    }

    /// <summary>
    /// Why <paramref name="aspects"/> names no kinds a panel can have columns for (an empty item, no name, a name that is no
    /// kind); null when it does, or is left out (every kind). Given as <c>,</c> it was read as no kind at all — a panel of
    /// dyads and dates without a column — until round 52 of issue #16; given empty or blank (<c>--aspects "$A"</c> of an empty
    /// variable, <c>aspects=</c>), as every kind until round 62, where the feed's <c>type=</c> was refused.
    /// </summary>
    public static string? AspectsProblem(string? aspects)
    {
        if (aspects is null) return null;
        if (CommaSeparated.Names(aspects, "aspects", out var emptyItem) is not { } names) return emptyItem;
        if (names.Count == 0) return $"'aspects' names no kind of item ({EchoedText.Quote(aspects)}): give one or more, comma-separated, or leave it out for every kind.";
        return names.Where(n => !KindNames.Contains(n, StringComparer.Ordinal)).ToList() is { Count: > 0 } unknown
            ? $"'aspects' names no kind of item {string.Join(", ", unknown.Select(u => $"'{u}'"))}; the kinds are {string.Join(", ", KindNames)}."
            : null;
    }

    /// <summary>The kinds named, as <see cref="AspectsProblem"/> found no problem with them; null for every kind.</summary>
    private static HashSet<string>? AspectNames(string? aspects) => aspects is null ? null
        : CommaSeparated.Names(aspects, "aspects", out _)!.ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// How many dates the panel has, counted by making them as the plan does (up to one more than <see cref="MaxDates"/>): a
    /// count of its own went by whole years, quarters and months and said 1 for a range that holds none of their dates
    /// (<c>--from 1950-06-15 --to 1950-06-15</c> yearly), which the plan then could not start (exit code 1, HTTP 500).
    /// </summary>
    public static int CountDates(PartialDate from, PartialDate to, PanelPeriod period, int month, int day) =>
        DatesOf(from, to, period, month, day).Take(MaxDates + 1).Count();

    /// <summary>The dates of the periods between <paramref name="from"/>'s first day and <paramref name="to"/>'s last.</summary>
    /// <remarks>Counted in day and month numbers, not by adding to a date: the step after 9999-12-31 is no date.</remarks>
    private static IEnumerable<DateOnly> DatesOf(PartialDate from, PartialDate to, PanelPeriod period, int month, int day)
    {
        var (first, last) = (from.Start, to.End);
        switch (period)
        {
            case PanelPeriod.Year:
                for (var y = first.Year; y <= last.Year; y++)
                    if (new DateOnly(y, month, day) is var d && d >= first && d <= last) yield return d;
                break;
            case PanelPeriod.Day:
                for (var n = first.DayNumber; n <= last.DayNumber; n++) yield return DateOnly.FromDayNumber(n);
                break;
            default:
                var step = period == PanelPeriod.Quarter ? 3 : 1;
                // Months end on their last day; quarters on the last day of March, June, September, December.
                var m = MonthIndex(first);
                if (period == PanelPeriod.Quarter) m += 2 - m % 3;
                for (; m <= MonthIndex(last); m += step)
                    if (EndOfMonth(new DateOnly(m / 12, m % 12 + 1, 1)) is var d && d >= first && d <= last) yield return d;
                break;
        }
    }

    /// <summary>Months counted from year 0's January: a month's place in the calendar, without a date that may not exist.</summary>
    private static int MonthIndex(DateOnly d) => d.Year * 12 + d.Month - 1;

    private static DateOnly EndOfMonth(DateOnly d) => new(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month));
}
