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
    // ISO 8601 allows a comma before the fraction; the ledger reads one form, with a point (NotAMoment says so).
    [InlineData("2026-12-01T10:47:27,30521419Z")]
    [InlineData("2016-12-31T23:59:60Z")]
    public void What_is_no_moment_is_refused(string text) => Assert.False(QueryRules.TryParseMoment(text, out _));

    /// <summary>
    /// A comma before the fraction and a leap second are each told what is wrong and how to write the moment, not "must be a
    /// moment in ISO 8601": each is one, in a form the ledger does not read. Before, the comma was read (one door of the form,
    /// undocumented) and the leap second had the general message.
    /// </summary>
    [Theory]
    [InlineData("2025-01-01T00:00:00,5Z", "'knownAt': '2025-01-01T00:00:00,5Z' writes its fraction of a second after a comma; the ledger reads " +
        "a moment in one form, with a point there, as it writes every moment: write 2025-01-01T00:00:00.5Z.")]
    [InlineData("2025-01-01T00:00:00,123456789+02:00", "write 2025-01-01T00:00:00.123456789+02:00.")]
    [InlineData("2016-12-31T23:59:60Z", "'knownAt': '2016-12-31T23:59:60Z' is a leap second (second 60), which cannot be given: the ledger's " +
        "times are UTC without leap seconds, as its clock's are. Write 2016-12-31T23:59:59Z or the next minute, 2017-01-01T00:00:00Z.")]
    [InlineData("2016-12-31T23:59:60.5", "Write 2016-12-31T23:59:59.5 or the next minute, 2017-01-01T00:00:00.")]
    [InlineData("2017-01-01T00:59:60+01:00", "Write 2017-01-01T00:59:59+01:00 or the next minute, 2017-01-01T01:00:00+01:00.")]
    [InlineData("9999-12-31T23:59:60Z", "Write 9999-12-31T23:59:59Z.")]
    public void A_comma_before_the_fraction_and_a_leap_second_are_told_how_to_write_the_moment(string text, string says)
    {
        Assert.False(QueryRules.TryParseMoment(text, out _));
        Assert.EndsWith(says, QueryRules.NotAMoment("knownAt", text), StringComparison.Ordinal);
    }
}
