using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>
/// Where "recorded in the future" begins: clocks that disagree by up to <see cref="RecordedTimes.AheadOfClock"/> are a
/// working ledger (a KurrentDB server's clock and the verifier's), one tick more is a finding — whichever of the event's two
/// times, the store's or the original one an import kept, is the later.
/// </summary>
public sealed class AheadOfClockTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static ChainLink Link(DateTimeOffset recordedAt, DateTimeOffset storedAt) =>
        new(Guid.NewGuid(), "relationship-RU~taliban", 0, new GlobalPosition(1, 1), "OrganisationDesignated.v1",
            null, "h", true, null, recordedAt, storedAt);

    [Fact]
    public void A_time_exactly_the_margin_ahead_of_the_clock_is_not_a_finding()
    {
        var atMargin = Now + RecordedTimes.AheadOfClock;
        Assert.Null(RecordedTimeChecks.Ahead(Link(atMargin, atMargin), Now));
        Assert.Null(RecordedTimeChecks.Ahead(Link(Now, atMargin), Now));
        Assert.Null(RecordedTimeChecks.Ahead(Link(atMargin, Now), Now));
    }

    [Fact]
    public void One_tick_past_the_margin_in_either_time_is_named_altered()
    {
        var past = Now + RecordedTimes.AheadOfClock + TimeSpan.FromTicks(1);
        Assert.Equal(TamperKind.Altered, RecordedTimeChecks.Ahead(Link(Now, past), Now)?.Kind);
        var original = RecordedTimeChecks.Ahead(Link(past, Now), Now);
        Assert.Equal(TamperKind.Altered, original?.Kind);
        Assert.Contains($"recorded at {past:O}", original!.Detail, StringComparison.Ordinal);
    }
}
