using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Tests.Decisions;

namespace RelationsLedger.Domain.Tests.State;

/// <summary>
/// <see cref="Timeline.Affects"/> tells what recording a fact would do from the timeline's own index, in work bounded by the
/// changed fact's own corrections: it must tell what the record itself gives — the forms <see cref="Timeline.CurrentForm"/>
/// works out from the whole record before and after — and recording the fact must leave every fact's form, and the order,
/// as a timeline made at once of the whole record has them. The histories hold what only a crafted log does too: mends of
/// ids recorded later, corrections that change a fact's type, retractions of corrections and of retractions.
/// </summary>
public sealed class TimelineAffectsTests
{
    [Fact]
    public void What_a_fact_would_change_is_what_the_record_gives_and_recording_it_keeps_every_form_as_a_whole_timeline_has_it()
    {
        var (changed, compared) = (0, 0);
        for (var seed = 0; seed < 120; seed++)
        {
            var rng = new Random(seed);
            var history = new RulesFoldTests.History(rng);
            var recorded = new List<Fact>();
            var timeline = new Timeline();
            for (var i = 0; i < 150; i++)
            {
                var next = history.Next(recorded);
                var affects = timeline.Affects(next);
                var with = recorded.Append(next).ToList();
                if (affects is var (id, old, form))
                {
                    Assert.True(Equals(Timeline.CurrentForm(recorded, id), old), $"seed {seed}, fact {i} ({next.Type}): the form before");
                    Assert.True(Equals(Timeline.CurrentForm(with, id), form), $"seed {seed}, fact {i} ({next.Type}): the form after");
                    if (!Equals(old, form)) changed++;
                }
                timeline.Record(next);
                recorded.Add(next);
                var whole = Timeline.Of(recorded);
                foreach (var fact in recorded)
                {
                    // A fact it does not name keeps its form: none changes but the one it names.
                    Assert.True(Equals(whole.FormOf(fact.EventId), timeline.FormOf(fact.EventId)), $"seed {seed}, fact {i} ({next.Type}): the form of {fact.Revision}");
                    compared++;
                }
                Assert.Equal(whole.Ordered, timeline.Ordered);
            }
        }
        Assert.True(changed > 10_000 && compared > 1_000_000, $"{changed} changes, {compared} forms compared");
    }
}
