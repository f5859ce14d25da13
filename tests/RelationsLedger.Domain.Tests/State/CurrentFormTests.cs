using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Tests.Decisions;

namespace RelationsLedger.Domain.Tests.State;

/// <summary>
/// A correction's replacement is built on its target as corrected so far. That form is worked out from the target's own
/// mends only; it must be the form the whole timeline gives, for every recorded fact of random histories with
/// corrections, retracted corrections and retracted facts.
/// </summary>
public sealed class CurrentFormTests
{
    [Fact]
    public void The_form_from_a_facts_own_mends_is_the_form_the_whole_timeline_gives()
    {
        var compared = 0;
        for (var seed = 0; seed < 400; seed++)
        {
            var recorded = DecisionBasisTests.RandomHistory(new Random(seed), 60);
            var timeline = Timeline.Of(recorded);
            foreach (var fact in recorded)
            {
                Assert.True(Equals(timeline.FormOf(fact.EventId), Timeline.CurrentForm(recorded, fact.EventId)), $"seed {seed}, fact {fact.Revision} ({fact.Event.GetType().Name})");
                compared++;
            }
        }
        Assert.True(compared > 20_000);
    }

    [Fact]
    public void A_retracted_correction_no_longer_shapes_the_form_and_a_retracted_fact_has_none()
    {
        var record = new Record();
        var designation = record.Add("2003-02-14", new DesignationImposed("RU", "taliban", "Federal list", "Supreme Court", null));
        var first = record.Add("2004-01-01", new EntryCorrected(designation, "authority", null, new DesignationImposed("RU", "taliban", "Federal list", "Supreme Court of Russia", null)));
        record.Add("2005-01-01", new EntryCorrected(designation, "reference", null, new DesignationImposed("RU", "taliban", "Federal list", "Supreme Court of Russia", "GKPI 03-116")));
        Assert.Equal("GKPI 03-116", ((DesignationImposed)Timeline.CurrentForm(record.Facts, designation)!.Event).Reference);

        var second = record.Facts[^1].EventId;
        record.Add("2006-01-01", new EntryRetracted(second, "the reference was another case's"));
        var form = (DesignationImposed)Timeline.CurrentForm(record.Facts, designation)!.Event;
        Assert.Equal(("Supreme Court of Russia", (string?)null), (form.Authority, form.Reference));
        Assert.Null(Timeline.CurrentForm(record.Facts, first)); // a mend has no form of its own

        record.Add("2007-01-01", new EntryRetracted(designation, "never designated"));
        Assert.Null(Timeline.CurrentForm(record.Facts, designation));
    }
}
