using RelationsLedger.Api.Hosting;
using RelationsLedger.Testing;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The once-a-minute log's own rules, where its owners' tests (<see cref="RefusedConnectionsLogTests"/>,
/// <see cref="StoreConditionLogTests"/>) cannot reach them without a race: what is forgotten stays unsaid, what is counted
/// before a condition begins is in its lines. The clock is the test's; its timers fire when it is moved.
/// </summary>
public sealed class RepeatedConditionLogTests
{
    private readonly ManualClock _clock = ManualClock.Fixed();
    private readonly List<ConditionLine> _said = [];

    private RepeatedConditionLog Lines() => new(_clock, _said.Add);

    [Fact]
    public void What_is_forgotten_is_never_said_and_not_counted_in_what_comes_after()
    {
        using var lines = Lines();
        lines.Counted();
        lines.Counted();
        lines.Forget(); // a failure the first probe answered: not an outage
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(_said);

        lines.Occurred();
        var first = Assert.Single(_said);
        Assert.Equal((ConditionLineKind.First, 1L, 1L), (first.Kind, first.Total, first.Held));
        lines.Forget();
        lines.Dispose(); // nothing held: nothing said
        Assert.Single(_said);
    }

    [Fact]
    public void What_was_counted_before_a_condition_began_is_in_its_lines_and_its_end()
    {
        using var lines = Lines();
        lines.Counted();
        _clock.Advance(TimeSpan.FromSeconds(2));
        lines.Counted();
        lines.Begin(_clock.Now - TimeSpan.FromSeconds(2));
        Assert.Equal((ConditionLineKind.First, 2L, 2L), (_said[0].Kind, _said[0].Total, _said[0].Held));

        lines.Counted();
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((ConditionLineKind.Held, 3L, 1L, TimeSpan.FromSeconds(62)), (_said[1].Kind, _said[1].Total, _said[1].Held, _said[1].At - _said[1].Since));
        lines.End();
        Assert.Equal((ConditionLineKind.Ended, 3L), (_said[2].Kind, _said[2].Total));
        _clock.Advance(TimeSpan.FromMinutes(3)); // ended: its timer is stopped
        Assert.Equal(3, _said.Count);
    }
}
