using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using RelationsLedger.Projections.Relationships;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A mend or a back-fill early in a long relationship re-folds its aspect only until the aspect's state meets the old one, and
/// re-cuts its slots only until that day (<see cref="AspectFold.Refold"/>, round 53 of issue #16). What it writes must be what a
/// full re-cut writes: every row of the read model — each version with its days, its item and when it was known (from, until
/// superseded) — as the straight fold of the resolved timeline after each event says, and the fold's snapshots those of a fold
/// from scratch; and what it does must be in proportion to what the mend changes, not to what lies after it.
/// </summary>
public sealed class EarlyMendsRecutTests
{
    private static readonly RelationshipKey Key = RelationshipKey.Of("AA", "BB");
    private static readonly DateOnly Origin = new(1990, 1, 1);
    private static readonly DateTimeOffset Recorded = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<int> Seeds() => [.. PropertySeeds.Or(1, 12)];

    /// <summary>
    /// A long relationship of every kind of fact in date order, then facts at its end among date corrections, field corrections,
    /// replacements of another type and retractions of facts in its first quarter (and of those mends), and facts back-filled
    /// there. After every event the current versions are the straight fold's and every snapshot a fold from scratch; at the end
    /// every row ever written (known from, superseded at) is the one the straight folds of each event's timeline make: a version
    /// known from the event after which it first held until the event after which it no longer did.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_row_after_early_mends_is_what_a_full_recut_writes(int seed)
    {
        var rng = new Random(seed);
        var timeline = new RelationshipTimeline(Key, 1);
        var recorded = new List<Fact>();
        var reused = new RowChange();
        var written = new Dictionary<Segment, long>(ReferenceEqualityComparer.Instance); // known from, of the rows not superseded
        var rows = new List<Row>();
        var open = new Dictionary<(int, int, int, int, object), long>();
        var expected = new List<Row>();
        for (var n = 0; n < 320; n++)
        {
            var at = Recorded.AddMinutes(n);
            var (date, e) = n < 160 ? (AtTheEnd(rng, n), RandomEvents.Next(rng, "AA", "BB")) : EarlyOrLast(rng, recorded, n);
            var fact = new Fact(Guid.NewGuid(), date, at, n, e);
            recorded.Add(fact);
            var change = timeline.Apply(fact, reused);
            foreach (var s in change.SupersededSegments.Where(s => s.Kind.Shape != KindShape.Latest))
            {
                Assert.True(written.Remove(s, out var from), $"seed {seed}, event {n}: superseded a version that was not current");
                rows.Add(new(s.Kind.Code, (int)s.Ordinal, s.From, s.To, s.Item, from, at.UtcTicks));
            }
            foreach (var s in change.NewSegments.Where(s => s.Kind.Shape != KindShape.Latest)) written.Add(s, s.RecordedFrom);

            // The straight fold after this event: versions that stopped holding end their row, new ones start one.
            var now = AspectRefoldTests.StraightFold(recorded);
            var holding = now.ToHashSet();
            foreach (var (v, from) in open.Where(o => !holding.Contains(o.Key)).ToList())
            {
                expected.Add(new(v.Item1, v.Item2, v.Item3, v.Item4, v.Item5, from, at.UtcTicks));
                open.Remove(v);
            }
            foreach (var v in now) open.TryAdd(v, at.UtcTicks);

            var current = AspectRefoldTests.Versions(written.Keys);
            Assert.True(now.SequenceEqual(current), $"seed {seed}, event {n} ({Described(fact, recorded)}):\nexpected {string.Join("; ", now.Except(current))}\nactual   {string.Join("; ", current.Except(now))}");
            AssertSnapshotsFromScratch(timeline, recorded, $"seed {seed}, event {n} ({Described(fact, recorded)})");
        }
        rows.AddRange(written.Select(w => new Row(w.Key.Kind.Code, (int)w.Key.Ordinal, w.Key.From, w.Key.To, w.Key.Item, w.Value, long.MaxValue)));
        expected.AddRange(open.Select(o => new Row(o.Key.Item1, o.Key.Item2, o.Key.Item3, o.Key.Item4, o.Key.Item5, o.Value, long.MaxValue)));
        var (actual, oracle) = (Sorted(rows), Sorted(expected));
        Assert.True(oracle.SequenceEqual(actual), $"seed {seed}: the rows differ\nexpected {string.Join("\n  ", oracle.Except(actual))}\nactual   {string.Join("\n  ", actual.Except(oracle))}");
    }

    /// <summary>
    /// A 1,280-fact ambassador timeline: a date correction of the second ambassador's accreditation, a mission level back-filled
    /// at its start and the retraction of that accreditation each fold again only the facts until the next ambassador (or level)
    /// (at most two snapshots, 64 facts, on) and re-cut only the versions until then — not the ~1,200 facts and ~600 versions
/// after them — and leave the versions the
    /// straight fold makes.
    /// </summary>
    [Fact]
    public void An_early_mend_refolds_and_recuts_only_until_the_state_meets_the_old_one()
    {
        var recorded = new List<Fact>();
        var day = new DateOnly(1950, 1, 1);
        Fact Next(IRelationshipEvent e, DateOnly on) => new(Guid.NewGuid(), PartialDate.OfDay(on), Recorded.AddMinutes(recorded.Count), recorded.Count, e);
        recorded.Add(Next(new RelationsEstablished("AA", "BB"), day));
        recorded.Add(Next(new MissionOpened("BB", "AA", MissionLevel.Embassy, null, null), day.AddDays(1)));
        for (var k = 0; recorded.Count < 1_280; k++)
        {
            recorded.Add(Next(new AmbassadorAccredited("AA", "BB", $"P{k}"), day.AddDays(10 + 10 * k)));
            recorded.Add(Next(new AmbassadorRecalled("AA", "BB", $"P{k}", null), day.AddDays(15 + 10 * k)));
            if (k % 7 == 0) recorded.Add(Next(new MissionLevelChanged("BB", "AA", k % 14 == 0 ? MissionLevel.Consulate : MissionLevel.Embassy, $"City {k}", null), day.AddDays(16 + 10 * k)));
        }
        var timeline = new RelationshipTimeline(Key, 1);
        var change = new RowChange();
        foreach (var fact in recorded) timeline.Apply(fact, change);
        var second = recorded.First(f => f.Event is AmbassadorAccredited { Person: "P1" });
        foreach (var e in new IRelationshipEvent[]
        {
            new EntryCorrected(second.EventId, "date", PartialDate.OfDay(day.AddDays(19)), null),
            new MissionLevelChanged("BB", "AA", MissionLevel.Consulate, "Herat", null),
            new EntryRetracted(second.EventId, "wrong"),
        })
        {
            var mend = Next(e, e is MissionLevelChanged ? day.AddDays(3) : day.AddDays(20_000));
            recorded.Add(mend);
            var (steps, recut) = (timeline.RefoldSteps, timeline.RecutVersions);
            timeline.Apply(mend, change);
            Assert.True(AspectRefoldTests.StraightFold(recorded).SequenceEqual(AspectRefoldTests.Versions(timeline.CurrentSegments.Where(s => s.Kind.Shape != KindShape.Latest))),
                $"{mend.Type}: the versions differ from the straight fold's");
            AssertSnapshotsFromScratch(timeline, recorded, mend.Type);
            Assert.InRange(timeline.RefoldSteps - steps, 1, 64);
            Assert.InRange(timeline.RecutVersions - recut, 1, 64);
        }
    }

    /// <summary>A fact's date after every earlier one's (a day, or now and then its month: a little before some).</summary>
    internal static PartialDate AtTheEnd(Random rng, int n)
    {
        var day = Origin.AddDays(5 * n + rng.Next(5));
        return rng.Next(8) == 0 ? PartialDate.OfMonth(day.Year, day.Month) : PartialDate.OfDay(day);
    }

    /// <summary>A fact at the end, or a mend or back-fill among the first quarter's facts (or a mend of such a mend).</summary>
    internal static (PartialDate Date, IRelationshipEvent Event) EarlyOrLast(Random rng, List<Fact> recorded, int n)
    {
        var roll = rng.Next(10);
        if (roll < 4) return (AtTheEnd(rng, n), RandomEvents.Next(rng, "AA", "BB"));
        var early = Origin.AddDays(rng.Next(5 * 40));
        if (roll < 6) return (PartialDate.OfDay(early), RandomEvents.Next(rng, "AA", "BB")); // back-filled
        var mended = recorded.Where(f => f.Event is EntryCorrected).ToList();
        if (roll == 6 && mended.Count > 0) return (PartialDate.OfDay(Origin.AddYears(40)), new EntryRetracted(mended[rng.Next(mended.Count)].EventId, "withdrawn"));
        var target = recorded[rng.Next(40)];
        IRelationshipEvent mend = rng.Next(5) switch
        {
            0 => new EntryRetracted(target.EventId, "never happened"),
            1 => new EntryCorrected(target.EventId, "a day or two", PartialDate.OfDay(target.EffectiveDate.Start.AddDays(rng.Next(-2, 3))), null),
            2 => new EntryCorrected(target.EventId, "weeks", PartialDate.OfDay(early), null),
            3 => new EntryCorrected(target.EventId, "fields", null, RandomEvents.Of(target.Event.GetType(), rng, "AA", "BB")),
            _ => new EntryCorrected(target.EventId, "another type", rng.Next(2) == 0 ? PartialDate.OfDay(early) : null, RandomEvents.Next(rng, "AA", "BB")),
        };
        return (PartialDate.OfDay(Origin.AddYears(40)), mend);
    }

    /// <summary>Each aspect's snapshots: the first at 0, none more than 32 facts from the next, each the state a fold from scratch reaches there.</summary>
    private static void AssertSnapshotsFromScratch(RelationshipTimeline timeline, List<Fact> recorded, string context)
    {
        var ordered = Timeline.Of(recorded, folds: e => !RelationshipTimeline.IsLatest(e)).Ordered;
        foreach (var aspect in timeline.Aspects)
        {
            var mine = aspect.Folded.ToHashSet();
            var facts = ordered.Where(mine.Contains).ToList();
            Assert.True(facts.SequenceEqual(aspect.Folded), $"{context}: the aspect's facts differ from the timeline's");
            var (count, state, previous) = (0, RelationshipState.Initial(Key), -1);
            foreach (var (at, kept) in aspect.SnapshotsView)
            {
                Assert.True(previous < 0 ? at == 0 : at > previous && at - previous <= 32, $"{context}: a snapshot at {at} after one at {previous}");
                for (; count < at; count++) state = Fold.Evolve(state, facts[count]);
                Assert.True(state.Equals(kept), $"{context}: the snapshot at {at} of {facts.Count} is not the fold from scratch");
                previous = at;
            }
            Assert.True(facts.Count - previous <= 32, $"{context}: the last snapshot at {previous} of {facts.Count}");
        }
    }

    private static string Described(Fact fact, List<Fact> recorded) =>
        fact.Event is EntryCorrected or EntryRetracted ? $"{fact.Type} of {recorded.First(f => f.EventId == Target(fact.Event)).Type}" : fact.Type;

    private static Guid Target(IRelationshipEvent e) => e switch
    {
        EntryCorrected c => c.Target,
        EntryRetracted r => r.Target,
        _ => Guid.Empty,
    };

    private sealed record Row(int Code, int Ordinal, int From, int To, object Item, long KnownFrom, long SupersededAt);

    private static List<Row> Sorted(IEnumerable<Row> rows) =>
        rows.OrderBy(r => r.Code).ThenBy(r => r.Ordinal).ThenBy(r => r.KnownFrom).ThenBy(r => r.From).ToList();
}
