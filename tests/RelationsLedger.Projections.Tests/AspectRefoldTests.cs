using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using RelationsLedger.Projections.Relationships;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A fact or a mend re-folds only the aspect it changes (<see cref="AspectFold"/>), not every fact of the relationship from
/// its day on. Whatever it re-folds, a relationship's current item versions must be those of a straight fold of its whole
/// resolved timeline, after every fact; and what each fact reports as superseded and new must be exactly what left and
/// joined them. On random records of every event type, with mends of every kind: a new date (a fact moved among its
/// aspect's), new fields (what the rules read and what they do not), both, a replacement of another type (a fact that
/// leaves one aspect for another), retractions of facts and of corrections, facts back-filled and sharing days.
/// </summary>
public sealed class AspectRefoldTests
{
    private static readonly RelationshipKey Key = RelationshipKey.Of("AA", "BB");
    private static readonly DateOnly Origin = new(2000, 1, 1);

    public static TheoryData<int> Seeds() => [.. PropertySeeds.Or(1, 30)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Current_versions_after_every_fact_are_those_of_the_straight_fold(int seed)
    {
        var rng = new Random(seed);
        var timeline = new RelationshipTimeline(Key, 1);
        var recorded = new List<Fact>();
        var current = new HashSet<Segment>(ReferenceEqualityComparer.Instance);
        var reused = new RowChange(); // as the projection does: one for every fact
        for (var n = 0; n < 160; n++)
        {
            var fact = new Fact(Guid.NewGuid(), Date(rng), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(n), n, Next(rng, recorded));
            recorded.Add(fact);
            var change = timeline.Apply(fact, reused);

            foreach (var s in change.SupersededSegments)
                Assert.True(current.Remove(s), $"seed {seed}, fact {n}: superseded a version that was not current ({s.Kind.Name} {s.Ordinal} {s.From}-{s.To})");
            foreach (var s in change.NewSegments)
                Assert.True(current.Add(s), $"seed {seed}, fact {n}: a new version was already current ({s.Kind.Name} {s.Ordinal} {s.From}-{s.To})");
            Assert.True(current.SetEquals(timeline.CurrentSegments), $"seed {seed}, fact {n}: what the facts reported is not what is current");

            var expected = StraightFold(recorded);
            var actual = Versions(timeline.CurrentSegments.Where(s => s.Kind.Shape != KindShape.Latest));
            Assert.True(expected.SequenceEqual(actual),
                $"seed {seed}, fact {n} ({fact.Type}{(fact.Event is EntryCorrected c ? $" of {recorded.First(f => f.EventId == c.Target).Type}" : "")}):\n" +
                $"expected {string.Join("; ", expected.Except(actual))}\nactual   {string.Join("; ", actual.Except(expected))}");
        }
    }

    /// <summary>An event of any type, or (one in four) a mend of an earlier fact or correction.</summary>
    internal static IRelationshipEvent Next(Random rng, List<Fact> recorded)
    {
        if (recorded.Count == 0 || rng.Next(4) > 0) return RandomEvents.Next(rng, "AA", "BB");
        var target = recorded[rng.Next(recorded.Count)];
        return target.Event switch
        {
            EntryRetracted => RandomEvents.Next(rng, "AA", "BB"),
            EntryCorrected => new EntryRetracted(target.EventId, "withdrawn correction"),
            _ when rng.Next(3) == 0 => new EntryRetracted(target.EventId, "never happened"),
            var original => rng.Next(3) switch
            {
                0 => new EntryCorrected(target.EventId, "date", Date(rng), null),
                1 => new EntryCorrected(target.EventId, "fields", rng.Next(2) == 0 ? Date(rng) : null, RandomEvents.Of(original.GetType(), rng, "AA", "BB")),
                _ => new EntryCorrected(target.EventId, "another type", null, RandomEvents.Next(rng, "AA", "BB")),
            },
        };
    }

    /// <summary>Days, months and years over three years: facts share days and land before earlier ones.</summary>
    internal static PartialDate Date(Random rng)
    {
        var day = Origin.AddDays(rng.Next(3 * 365));
        return rng.Next(10) switch
        {
            < 7 => PartialDate.OfDay(day),
            < 9 => PartialDate.OfMonth(day.Year, day.Month),
            _ => PartialDate.OfYear(day.Year),
        };
    }

    /// <summary>
    /// Every slot's versions from the whole resolved timeline folded from the start: for each first day of a fact, the state
    /// after every fact that starts on or before it; a version is a run of days over which the slot's item is the same.
    /// </summary>
    internal static List<(int Code, int Ordinal, int From, int To, object Item)> StraightFold(List<Fact> recorded)
    {
        var ordered = Timeline.Of(recorded, folds: e => !RelationshipTimeline.IsLatest(e)).Ordered;
        var versions = new List<(int, int, int, int, object)>();
        var open = new Dictionary<(int Code, int Ordinal), (int From, object Item)>();
        var state = RelationshipState.Initial(Key);
        for (var i = 0; i < ordered.Count;)
        {
            var day = ordered[i].EffectiveDate.Start.DayNumber;
            for (; i < ordered.Count && ordered[i].EffectiveDate.Start.DayNumber == day; i++) state = Fold.Evolve(state, ordered[i]);
            var now = new Dictionary<(int Code, int Ordinal), object>();
            foreach (var kind in RelationshipModel.Kinds.Where(k => k.Shape != KindShape.Latest))
            {
                var items = kind.ItemsIn(state);
                for (var o = 0; o < items.Count; o++) now[(kind.Code, o)] = items[o];
            }
            foreach (var slot in open.Keys.Union(now.Keys).ToList())
            {
                var item = now.GetValueOrDefault(slot);
                if (open.TryGetValue(slot, out var run))
                {
                    if (run.Item.Equals(item)) continue;
                    versions.Add((slot.Code, slot.Ordinal, run.From, day, run.Item));
                    open.Remove(slot);
                }
                if (item is not null) open[slot] = (day, item);
            }
        }
        foreach (var (slot, run) in open) versions.Add((slot.Code, slot.Ordinal, run.From, RelationshipTimeline.Forever, run.Item));
        return Sorted(versions);
    }

    internal static List<(int Code, int Ordinal, int From, int To, object Item)> Versions(IEnumerable<Segment> segments) =>
        Sorted(segments.Select(s => (s.Kind.Code, (int)s.Ordinal, s.From, s.To, s.Item)));

    private static List<(int Code, int Ordinal, int From, int To, object Item)> Sorted(IEnumerable<(int Code, int Ordinal, int From, int To, object Item)> versions) =>
        versions.OrderBy(v => v.Code).ThenBy(v => v.Ordinal).ThenBy(v => v.From).ToList();
}
