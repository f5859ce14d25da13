using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Tests.State;

/// <summary>
/// Since round 51 a fact's form takes each field from the latest standing correction that sets it (<c>StandingCorrections</c>)
/// instead of applying every standing correction again. Held here against the definition itself — the fact with each standing
/// correction applied in recording order — on random records of two much-mended facts: corrections of the date, the fields or
/// both, corrections of corrections, retractions of facts, of corrections and of retractions, and (as only a crafted log holds)
/// retractions of ids recorded later. Every way the record is looked up answers as the definition does, after every fact.
/// </summary>
public sealed class StandingCorrectionsTests
{
    private static readonly RelationshipKey Key = RelationshipKey.Of("RU", "taliban");
    private static readonly DesignationImposed Designation = new("RU", "taliban", "Federal list", "Supreme Court", null);
    private static readonly AmbassadorAccredited Ambassador = new("RU", "taliban", "Kabulov");

    [Fact]
    public void Every_lookup_of_the_record_agrees_with_the_forms_its_standing_corrections_give_applied_one_by_one()
    {
        var compared = 0;
        for (var seed = 0; seed < 150; seed++)
        {
            var rng = new Random(seed);
            var ids = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();
            var recorded = new List<Fact>();
            var basis = DecisionBasis.Of(Key, recorded);
            for (var revision = 0; revision < ids.Count; revision++)
            {
                recorded.Add(new Fact(ids[revision], PartialDate.Parse(revision < 2 ? "2003-02-14" : "2025-01-01"),
                    DateTimeOffset.UnixEpoch.AddDays(revision), revision, RandomEvent(rng, ids, revision, recorded)));
                basis = basis.Extend(recorded);
                var timeline = Timeline.Of(recorded);
                var list = new RecordedList(recorded);
                foreach (var id in ids)
                {
                    var (form, fieldCorrection) = (FormByDefinition(recorded, id), LatestFieldCorrectionByDefinition(recorded, id));
                    var at = $"seed {seed}, after revision {revision}, id {ids.IndexOf(id)}";
                    Assert.True(Equals(form, basis.FormOf(id)), $"{at}: the basis's form");
                    Assert.True(Equals(form, timeline.FormOf(id)), $"{at}: the timeline's form");
                    Assert.True(Equals(form, list.FormOf(id)), $"{at}: the list's form");
                    Assert.True(Equals(form, Timeline.CurrentForm(recorded, id)), $"{at}: the form from the fact's own mends");
                    Assert.Equal(fieldCorrection, basis.LatestFieldCorrection(id));
                    Assert.Equal(fieldCorrection, timeline.LatestFieldCorrection(id));
                    Assert.Equal(fieldCorrection, list.LatestFieldCorrection(id));
                    compared++;
                }
            }
        }
        Assert.True(compared > 300_000);
    }

    [Fact]
    public void A_correction_withdrawn_over_one_retracted_before_it_leaves_the_form_of_the_one_before_that()
    {
        var recorded = new List<Fact>();
        Guid Add(IRelationshipEvent e)
        {
            var fact = new Fact(Guid.NewGuid(), PartialDate.Parse("2003-02-14"), DateTimeOffset.UnixEpoch.AddDays(recorded.Count), recorded.Count, e);
            recorded.Add(fact);
            return fact.EventId;
        }
        var designation = Add(Designation);
        var (a, b, c) = (Add(new EntryCorrected(designation, "a", null, Designation with { Reference = "A" })),
            Add(new EntryCorrected(designation, "b", null, Designation with { Reference = "B" })),
            Add(new EntryCorrected(designation, "c", null, Designation with { Reference = "C" })));
        var basis = DecisionBasis.Of(Key, recorded);
        Add(new EntryRetracted(b, "wrong"));
        basis = basis.Extend(recorded);
        Assert.Equal("C", ((DesignationImposed)basis.FormOf(designation)!.Event).Reference);
        Add(new EntryRetracted(c, "wrong"));
        basis = basis.Extend(recorded);
        Assert.Equal("A", ((DesignationImposed)basis.FormOf(designation)!.Event).Reference);
        Assert.Equal(a, basis.LatestFieldCorrection(designation)?.EventId);
        Assert.Equal("A", ((DesignationImposed)Timeline.Of(recorded).FormOf(designation)!.Event).Reference);
    }

    /// <summary>Two facts, then mends of them (mostly), of their mends, and of ids not recorded yet.</summary>
    private static IRelationshipEvent RandomEvent(Random rng, List<Guid> ids, int revision, List<Fact> recorded)
    {
        if (revision == 0) return Designation;
        if (revision == 1) return Ambassador;
        var target = rng.Next(10) switch
        {
            0 => ids[rng.Next(ids.Count)], // anything, recorded or not yet
            < 4 => ids[rng.Next(revision)], // anything recorded
            _ => ids[rng.Next(2)], // one of the two facts
        };
        // Most retractions withdraw a correction, the latest ones more often: a correction withdrawn over ones retracted before it.
        var corrections = recorded.Where(f => f.Event is EntryCorrected).ToList();
        if (corrections.Count > 0 && rng.Next(3) > 0) target = corrections[Math.Max(0, corrections.Count - 1 - rng.Next(1 + rng.Next(corrections.Count)))].EventId;
        return rng.Next(5) switch
        {
            0 or 1 => new EntryRetracted(target, "wrong"),
            2 => new EntryCorrected(target, "date", PartialDate.Parse($"2003-0{1 + rng.Next(9)}-1{rng.Next(10)}"), null),
            3 => new EntryCorrected(target, "fields", null, Replacement(rng, target, ids)),
            _ => new EntryCorrected(target, "both", PartialDate.Parse($"200{rng.Next(10)}"), Replacement(rng, target, ids)),
        };
    }

    private static IRelationshipEvent Replacement(Random rng, Guid target, List<Guid> ids) =>
        target == ids[1] ? Ambassador with { Person = $"P{rng.Next(5)}" } : Designation with { Reference = $"R{rng.Next(5)}" };

    /// <summary>The definition: none for a mend, a retracted or an unknown id; else the fact with each standing correction applied in recording order.</summary>
    private static Fact? FormByDefinition(List<Fact> recorded, Guid id)
    {
        var retracted = Retracted(recorded);
        var form = recorded.Find(f => f.EventId == id);
        if (form is null || form.Event is IMendEvent || retracted.Contains(id)) return null;
        foreach (var f in recorded)
            if (f.Event is EntryCorrected c && c.Target == id && !retracted.Contains(f.EventId)) form = Timeline.Apply(c, form);
        return form;
    }

    private static Fact? LatestFieldCorrectionByDefinition(List<Fact> recorded, Guid id)
    {
        var retracted = Retracted(recorded);
        return recorded.LastOrDefault(f => f.Event is EntryCorrected { Replacement: not null } c && c.Target == id && !retracted.Contains(f.EventId));
    }

    private static HashSet<Guid> Retracted(List<Fact> recorded) => [.. recorded.Select(f => f.Event).OfType<EntryRetracted>().Select(r => r.Target)];
}
