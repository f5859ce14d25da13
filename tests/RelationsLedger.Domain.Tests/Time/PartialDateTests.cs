using System.Globalization;
using CsCheck;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Tests.Time;

public sealed class PartialDateTests
{
    [Theory]
    [InlineData("2003", "2003-01-01", "2003-12-31", DatePrecision.Year)]
    [InlineData("2025-05", "2025-05-01", "2025-05-31", DatePrecision.Month)]
    [InlineData("2024-02", "2024-02-01", "2024-02-29", DatePrecision.Month)]
    [InlineData("2023-02", "2023-02-01", "2023-02-28", DatePrecision.Month)]
    [InlineData("2025-04-17", "2025-04-17", "2025-04-17", DatePrecision.Day)]
    [InlineData("2024-02-29", "2024-02-29", "2024-02-29", DatePrecision.Day)]
    [InlineData("9999-12", "9999-12-01", "9999-12-31", DatePrecision.Month)] // the calendar's last month: no next month to count back from
    [InlineData("0001-01", "0001-01-01", "0001-01-31", DatePrecision.Month)]
    public void Parses_each_precision_into_its_interval(string text, string start, string end, DatePrecision precision)
    {
        var date = PartialDate.Parse(text);
        Assert.Equal((DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), precision), (date.Start, date.End, date.Precision));
        Assert.Equal(text, date.ToString());
    }

    [Fact]
    public void Every_valid_date_is_written_in_place_as_it_is_spelled_and_read_back_equal()
    {
        // Format (what the JSON writer uses, with no string between) and ToString are one spelling, whatever the precision.
        Gen.Select(Gen.Int[1, 9999], Gen.Int[0, 12], Gen.Int[0, 31]).Sample((year, month, day) =>
        {
            var date = month == 0 ? PartialDate.OfYear(year)
                : day == 0 || day > DateTime.DaysInMonth(year, month) ? PartialDate.OfMonth(year, month)
                : PartialDate.OfDay(new DateOnly(year, month, day));
            Span<char> text = stackalloc char[PartialDate.MaxLength + 3];
            text.Fill('x');
            var length = date.Format(text);
            var expected = month == 0 ? $"{year:D4}" : day == 0 || day > DateTime.DaysInMonth(year, month) ? $"{year:D4}-{month:D2}" : $"{year:D4}-{month:D2}-{day:D2}";
            Assert.Equal(expected, text[..length].ToString());
            Assert.Equal("xxx", text[PartialDate.MaxLength..].ToString()); // nothing written past the date
            Assert.Equal(expected, date.ToString());
            Assert.Equal(date, PartialDate.Parse(expected));
        });
    }

    [Fact]
    public void Formatting_into_a_span_too_short_for_any_date_is_refused_before_writing()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
        {
            Span<char> text = stackalloc char[PartialDate.MaxLength - 1];
            PartialDate.Parse("2003").Format(text);
        });
        Assert.Equal("destination", ex.ParamName);
    }

    [Theory]
    [InlineData("2025-13", "out of range")]
    [InlineData("2025-00", "out of range")]
    [InlineData("2025-02-30", "does not exist")]
    [InlineData("2023-02-29", "does not exist")]
    [InlineData("25-01", "not a date of the form")]
    [InlineData("2025-1", "not a date of the form")]
    [InlineData("2025-01-1", "not a date of the form")]
    [InlineData("", "not a date of the form")]
    [InlineData("May 2025", "not a date of the form")]
    [InlineData("2025-05-01-01", "not a date of the form")]
    [InlineData("0000", "out of range")]
    public void Refuses_what_is_not_a_date_saying_why(string text, string why)
    {
        Assert.False(PartialDate.TryParse(text, out _, out var error));
        Assert.Contains(why, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => PartialDate.Parse(text));
    }

    /// <summary>The parser as it was before it read in place (split on '-'), kept as the oracle of what a partial date is.</summary>
    private static bool SplitParse(string? text, out PartialDate date, out string? error)
    {
        date = default;
        error = null;
        var parts = (text ?? "").Split('-');
        if (text is null || parts.Length > 3 || parts[0].Length != 4 || parts.Skip(1).Any(p => p.Length != 2) || !parts.All(p => p.All(char.IsAsciiDigit)))
        {
            error = $"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD";
            return false;
        }
        var n = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        try
        {
            date = PartialDate.Create(n[0], n.Length > 1 ? n[1] : null, n.Length > 2 ? n[2] : null);
            return true;
        }
        catch (FormatException e)
        {
            error = $"'{text}' is not a valid date: {e.Message}";
            return false;
        }
    }

    [Fact]
    public void Reads_every_text_as_the_split_parser_did_with_the_same_error()
    {
        // Digits, dashes and look-alikes (Arabic-Indic and full-width digits, a minus sign, a space) at lengths around 4, 7 and 10.
        const string alphabet = "0123456789012345-----x \u0662\uFF11\u2212";
        Gen.Char[alphabet].Array[0, 12].Select(cs => new string(cs)).Sample(text =>
        {
            var expected = SplitParse(text, out var expectedDate, out var expectedError);
            Assert.Equal((expected, expectedDate, expectedError), (PartialDate.TryParse(text, out var date, out var error), date, error));
        }, iter: 20_000);
        Assert.False(PartialDate.TryParse(null, out _, out var nullError));
        Assert.Equal("'' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD", nullError);
    }

    [Theory]
    [InlineData("2025-05", "2025-04-30", false, false)]
    [InlineData("2025-05", "2025-05-01", false, true)]
    [InlineData("2025-05", "2025-05-10", false, true)]
    [InlineData("2025-05", "2025-05-31", true, true)]
    [InlineData("2025-05", "2025-06-01", true, true)]
    [InlineData("2025", "2024-12-31", false, false)]
    [InlineData("2025", "2025-01-01", false, true)]
    [InlineData("2025", "2025-12-31", true, true)]
    [InlineData("2025-04-17", "2025-04-16", false, false)]
    [InlineData("2025-04-17", "2025-04-17", true, true)]
    public void Certainty_at_and_around_the_edges_of_the_interval(string date, string day, bool certainly, bool possibly)
    {
        var d = PartialDate.Parse(date);
        var on = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((certainly, possibly), (d.CertainlyOnOrBefore(on), d.PossiblyOnOrBefore(on)));
    }

    [Fact]
    public void Orders_by_first_possible_day_then_the_more_precise_first()
    {
        var dates = new[] { "2025-05-10", "2025", "2025-05", "2024-12-31", "2025-01-01" }.Select(PartialDate.Parse).Order().Select(d => d.ToString());
        Assert.Equal(["2024-12-31", "2025-01-01", "2025", "2025-05", "2025-05-10"], dates);
        Assert.True(PartialDate.Parse("2025-05") < PartialDate.Parse("2025-05-02"));
    }
}
