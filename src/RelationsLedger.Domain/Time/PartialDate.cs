using System.Globalization;

namespace RelationsLedger.Domain.Time;

/// <summary>
/// An effective date as precise as the source allows: a year (<c>2003</c>), a month
/// (<c>2025-05</c>) or a day (<c>2025-04-17</c>). It stands for the interval of days
/// [<see cref="Start"/>, <see cref="End"/>] in which the change took effect.
/// </summary>
public readonly record struct PartialDate : IComparable<PartialDate>
{
    public int Year { get; }
    public int? Month { get; }
    public int? Day { get; }

    private PartialDate(int year, int? month, int? day) => (Year, Month, Day) = (year, month, day);

    public DatePrecision Precision => Day is not null ? DatePrecision.Day : Month is not null ? DatePrecision.Month : DatePrecision.Year;

    /// <summary>First day the change may have taken effect.</summary>
    public DateOnly Start => new(Year, Month ?? 1, Day ?? 1);

    /// <summary>Last day the change may have taken effect.</summary>
    public DateOnly End => Precision switch
    {
        DatePrecision.Day => Start,
        // The month's own last day: the day before the next month's first does not exist for 9999-12.
        DatePrecision.Month => new DateOnly(Year, Month!.Value, DateTime.DaysInMonth(Year, Month.Value)),
        _ => new DateOnly(Year, 12, 31),
    };

    public static PartialDate OfDay(DateOnly day) => new(day.Year, day.Month, day.Day);
    public static PartialDate OfMonth(int year, int month) => Create(year, month, null);
    public static PartialDate OfYear(int year) => Create(year, null, null);

    public static PartialDate Create(int year, int? month, int? day)
    {
        if (year is < 1 or > 9999) throw new FormatException($"year {year} is out of range 1..9999");
        if (month is < 1 or > 12) throw new FormatException($"month {month} is out of range 1..12");
        if (day is not null && month is null) throw new FormatException("a day needs a month");
        if (day is not null && (day < 1 || day > DateTime.DaysInMonth(year, month!.Value)))
            throw new FormatException($"day {day} does not exist in {year:D4}-{month:D2}");
        return new(year, month, day);
    }

    /// <summary>Parses <c>YYYY</c>, <c>YYYY-MM</c> or <c>YYYY-MM-DD</c>.</summary>
    public static PartialDate Parse(string text) =>
        TryParse(text, out var date, out var error) ? date : throw new FormatException(error);

    public static bool TryParse(string? text, out PartialDate date, out string? error)
    {
        if (TryParse(text.AsSpan(), out date, out var invalid) && text is not null)
        {
            error = null;
            return true;
        }
        error = invalid is null ? $"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD" : $"'{text}' is not a valid date: {invalid}";
        return false;
    }

    /// <summary>
    /// The same, read from characters without a string made of them (every stored event's envelope has one or more of these dates,
    /// read on every load and rebuild). When false, <paramref name="invalid"/> says why a date of the right form does not exist
    /// (null: the text is not of the form).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, out PartialDate date, out string? invalid)
    {
        // Read in place, without splitting.
        date = default;
        invalid = null;
        if (s.Length is not (4 or 7 or 10) || !Digits(s[..4])
            || (s.Length > 4 && (s[4] != '-' || !Digits(s.Slice(5, 2))))
            || (s.Length > 7 && (s[7] != '-' || !Digits(s.Slice(8, 2)))))
            return false;
        try
        {
            date = Create(Number(s[..4]), s.Length > 4 ? Number(s.Slice(5, 2)) : null, s.Length > 7 ? Number(s.Slice(8, 2)) : null);
            return true;
        }
        catch (FormatException e)
        {
            invalid = e.Message;
            return false;
        }
    }

    // A loop, not ContainsAnyExceptInRange: that boxed a char on every call (seen in a rebuild's allocation trace, ~5 an event).
    private static bool Digits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    private static int Number(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits) n = n * 10 + (c - '0');
        return n;
    }

    /// <summary>The change certainly took effect on or before <paramref name="day"/>.</summary>
    public bool CertainlyOnOrBefore(DateOnly day) => End <= day;

    /// <summary>
    /// How sure a status changed on this date is as of <paramref name="day"/>: certain once the date lies wholly on or before
    /// the day; possible while it straddles the day.
    /// </summary>
    public Certainty CertaintyAsOf(DateOnly day) => CertainlyOnOrBefore(day) ? Certainty.Certain : Certainty.Possible;

    /// <summary>The change may have taken effect on or before <paramref name="day"/>.</summary>
    public bool PossiblyOnOrBefore(DateOnly day) => Start <= day;

    /// <summary>Orders by first possible day, then the more precise date first.</summary>
    public int CompareTo(PartialDate other)
    {
        var byStart = Start.CompareTo(other.Start);
        return byStart != 0 ? byStart : End.CompareTo(other.End);
    }

    public static bool operator <(PartialDate a, PartialDate b) => a.CompareTo(b) < 0;
    public static bool operator >(PartialDate a, PartialDate b) => a.CompareTo(b) > 0;
    public static bool operator <=(PartialDate a, PartialDate b) => a.CompareTo(b) <= 0;
    public static bool operator >=(PartialDate a, PartialDate b) => a.CompareTo(b) >= 0;

    /// <summary>The longest text a partial date has: <c>yyyy-MM-dd</c>.</summary>
    public const int MaxLength = 10;

    public override string ToString()
    {
        Span<char> text = stackalloc char[MaxLength];
        return new string(text[..Format(text)]);
    }

    /// <summary>
    /// Writes <c>2003</c>, <c>2025-05</c> or <c>2025-04-17</c> into <paramref name="destination"/> (at least
    /// <see cref="MaxLength"/> long) and returns its length: the one spelling of a partial date, which JSON
    /// writers use without making a string.
    /// </summary>
    public int Format(Span<char> destination)
    {
        if (destination.Length < MaxLength) throw new ArgumentException($"A partial date needs {MaxLength} characters.", nameof(destination));
        var n = WriteNumber(destination, Year, "D4");
        if (Month is { } month)
        {
            destination[n++] = '-';
            n += WriteNumber(destination[n..], month, "D2");
        }
        if (Day is { } day)
        {
            destination[n++] = '-';
            n += WriteNumber(destination[n..], day, "D2");
        }
        return n;
    }

    /// <summary>A number written in place; years are at most four digits (<see cref="Create"/>), so it always fits.</summary>
    private static int WriteNumber(Span<char> destination, int value, string format)
    {
        value.TryFormat(destination, out var written, format, CultureInfo.InvariantCulture);
        return written;
    }
}
