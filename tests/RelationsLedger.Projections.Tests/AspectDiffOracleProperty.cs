using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Projections.Relationships;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// The fold's <see cref="AspectFold.Diff"/> compares only the places of a list that the changes since the earlier state set
/// (<see cref="RelationshipState.EditsSince"/>); it must find exactly what a walk of every list whole finds
/// (<see cref="AspectFold.DiffWhole"/>, the algorithm before round 48 of issue #16), in the same order — for states a fact
/// apart, a day's facts apart, more changes apart than a state remembers, in the wrong order, and of two histories. On
/// random records of every event type with corrections (of date, of fields, of type) and retractions, resolved by the
/// domain's timeline, each aspect's facts folded as the projection folds them; on RandomEvents' few titles, so that one item
/// is changed again and again.
/// </summary>
public sealed class AspectDiffOracleProperty
{
    private static readonly RelationshipKey Key = RelationshipKey.Of("AA", "BB");

    public static TheoryData<int> Seeds() => [.. PropertySeeds.Or(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_diff_finds_what_a_walk_of_every_list_finds(int seed)
    {
        var rng = new Random(seed);
        var ordered = Timeline.Of(Record(rng, 400), folds: e => !RelationshipTimeline.IsLatest(e)).Ordered;
        var other = Timeline.Of(Record(rng, 200), folds: e => !RelationshipTimeline.IsLatest(e)).Ordered;
        var (compared, byPlaces) = (0, 0);
        for (var aspect = 0; aspect < RelationshipModel.Aspects.Count; aspect++)
        {
            var fold = new AspectFold(Key, aspect);
            var states = StatesOf(ordered, aspect);
            var others = StatesOf(other, aspect);
            void Compare(int i, int j, RelationshipState a, RelationshipState b)
            {
                var (expected, actual) = (new List<(int, (int, int), object?)>(), new List<(int, (int, int), object?)>());
                AspectFold.DiffWhole(fold.Kinds, a, b, 7, expected);
                fold.Diff(a, b, 7, actual);
                Assert.True(expected.SequenceEqual(actual),
                    $"seed {seed}, aspect {RelationshipModel.Aspects[aspect].Name}, states {i} → {j}:\nexpected {Show(expected)}\nactual   {Show(actual)}");
                compared++;
                if (!ReferenceEquals(a, b) && b.EditsSince(a, [])) byPlaces++;
            }
            for (var i = 0; i < states.Count; i++)
            {
                Compare(i, i, states[i], states[i]);
                if (i + 1 < states.Count) Compare(i, i + 1, states[i], states[i + 1]);
                var j = Math.Min(states.Count - 1, i + 1 + rng.Next(3 * SlotEditsRemembered));
                Compare(i, j, states[i], states[j]);
                Compare(j, i, states[j], states[i]);
                var k = rng.Next(others.Count);
                Compare(i, -k, states[i], others[k]);
                Compare(-k, i, others[k], states[i]);
            }
        }
        // Both ways are taken: the places of the changes since a recent state, and the whole lists otherwise.
        Assert.True(byPlaces > 300 && compared - byPlaces > 300, $"seed {seed}: {byPlaces} of {compared} pairs of states compared by the places changed");
    }

    /// <summary>The changes a state remembers (RelationshipState's chain is cut after them): pairs up to three times as far apart are compared.</summary>
    private const int SlotEditsRemembered = 64;

    /// <summary>The state after each of the aspect's facts, the first the empty state.</summary>
    private static List<RelationshipState> StatesOf(IReadOnlyList<Fact> ordered, int aspect)
    {
        var states = new List<RelationshipState> { RelationshipState.Initial(Key) };
        foreach (var f in ordered)
            if (RelationshipModel.AspectIndexOf(f.Event) == aspect) states.Add(Fold.Evolve(states[^1], f));
        return states;
    }

    /// <summary>Facts as <see cref="AspectRefoldTests"/> records them: any type, or (one in four) a mend of an earlier fact or correction.</summary>
    private static List<Fact> Record(Random rng, int count)
    {
        var recorded = new List<Fact>();
        for (var n = 0; n < count; n++)
            recorded.Add(new Fact(Guid.NewGuid(), AspectRefoldTests.Date(rng), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(n), n,
                AspectRefoldTests.Next(rng, recorded)));
        return recorded;
    }

    private static string Show(List<(int Day, (int Code, int Ordinal) Slot, object? Item)> changes) =>
        string.Join("; ", changes.Select(c => $"{c.Slot.Code}/{c.Slot.Ordinal}: {c.Item}"));
}
