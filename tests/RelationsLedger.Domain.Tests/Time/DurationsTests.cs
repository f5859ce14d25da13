using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Tests.Time;

/// <summary>
/// The clock refusal said "1 hours after the clock" for a gap of 1 h 59 min (round 39's hostile tester): cut to whole hours,
/// and plural for one. A span now reads in its two largest units, singular where one, never rounded up.
/// </summary>
public sealed class DurationsTests
{
    [Theory]
    [InlineData(0, 0, 0, 0, "0 minutes")]
    [InlineData(0, 0, 1, 0, "1 minute")]
    [InlineData(0, 0, 12, 59, "12 minutes")]
    [InlineData(0, 1, 0, 0, "1 hour")]
    [InlineData(0, 1, 59, 59, "1 hour 59 minutes")]
    [InlineData(0, 2, 1, 0, "2 hours 1 minute")]
    [InlineData(1, 0, 0, 0, "1 day")]
    [InlineData(1, 0, 59, 0, "1 day")]
    [InlineData(1, 1, 0, 0, "1 day 1 hour")]
    [InlineData(365, 23, 59, 59, "365 days 23 hours")]
    public void A_span_reads_in_its_two_largest_whole_units(int days, int hours, int minutes, int seconds, string expected) =>
        Assert.Equal(expected, Durations.Text(new TimeSpan(days, hours, minutes, seconds)));
}
