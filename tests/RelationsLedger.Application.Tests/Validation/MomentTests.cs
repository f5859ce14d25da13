using RelationsLedger.Application.Queries;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>"As known at" moments: read as given, and never later than given.</summary>
public sealed class MomentTests
{
    [Theory]
    // Finer than a tick (100 ns): cut, not rounded up to the tick at which an event may have been recorded.
    [InlineData("2026-12-01T10:47:27.30521419Z", "2026-12-01T10:47:27.3052141+00:00")]
    [InlineData("2026-12-01T10:47:27.30521415Z", "2026-12-01T10:47:27.3052141+00:00")]
    [InlineData("2026-12-01T10:47:27.305214199999+02:00", "2026-12-01T10:47:27.3052141+02:00")]
    [InlineData("2026-12-01T10:47:27,30521419Z", "2026-12-01T10:47:27.3052141+00:00")]
    // Seven digits or fewer: as given.
    [InlineData("2026-12-01T10:47:27.3052142Z", "2026-12-01T10:47:27.3052142+00:00")]
    [InlineData("2026-12-01T10:47:27.5Z", "2026-12-01T10:47:27.5000000+00:00")]
    [InlineData("2026-12-01T10:47:27Z", "2026-12-01T10:47:27.0000000+00:00")]
    [InlineData("2026-12-01", "2026-12-01T00:00:00.0000000+00:00")]
    public void A_moment_is_read_to_the_tick_and_never_later_than_given(string text, string expected)
    {
        Assert.True(QueryRules.TryParseMoment(text, out var moment));
        Assert.Equal(expected, moment.ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026")]
    // Not ISO 8601: read by a culture's rules, 01/02/2026 was 2 January (most of the world writes 1 February so).
    [InlineData("01/02/2026")]
    [InlineData("Dec 1 2026")]
    [InlineData("2026-12-01 10:47:27")]
    [InlineData("2026-12-01T10:47:27 +02:00")]
    public void What_is_no_moment_is_refused(string text) => Assert.False(QueryRules.TryParseMoment(text, out _));
}
