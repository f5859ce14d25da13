using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Tests.Decisions;

/// <summary>
/// The decision's shortcut (<see cref="DecisionBasis"/>) must give exactly the answers of folding the
/// whole timeline (<see cref="Decide.Check(RelationshipKey, IReadOnlyList{Fact}, Fact)"/>), for in-order,
/// back-filled, contradicting and mending facts alike.
/// </summary>
public sealed class DecisionBasisTests
{
    private static readonly RelationshipKey Key = RelationshipKey.Of("AF", "RU");

    [Fact]
    public void The_basis_decides_as_the_full_fold_does()
    {
        for (var seed = 0; seed < 400; seed++)
        {
            var rng = new Random(seed);
            var recorded = RandomHistory(rng, rng.Next(0, 40));
            var basis = DecisionBasis.Of(Key, recorded);
            for (var i = 0; i < 10; i++)
            {
                var proposed = RandomFact(rng, recorded, recorded.Count);
                Assert.Equal(Decide.Check(Key, recorded, proposed), Decide.Check(basis, proposed));
            }
        }
    }

    [Fact]
    public void An_extended_basis_equals_one_built_from_scratch()
    {
        for (var seed = 0; seed < 400; seed++)
        {
            var rng = new Random(seed);
            var recorded = RandomHistory(rng, rng.Next(1, 40));
            var cut = rng.Next(0, recorded.Count);
            var extended = DecisionBasis.Of(Key, recorded.Take(cut).ToList()).Extend(recorded);
            var built = DecisionBasis.Of(Key, recorded);
            Assert.Equal(built.Count, extended.Count);
            Assert.Equal(built.Last, extended.Last);
            Assert.Equal(built.Final, extended.Final);
            Assert.True(built.Contradicting.SetEquals(extended.Contradicting), $"seed {seed}");
        }
    }

    [Fact]
    public void The_basis_state_is_the_full_fold_less_what_no_rule_reads()
    {
        for (var seed = 0; seed < 400; seed++)
        {
            var rng = new Random(seed);
            var recorded = RandomHistory(rng, rng.Next(0, 40));
            var state = RelationshipState.Initial(Key);
            foreach (var fact in Timeline.Resolve(recorded))
                if (Rules.Check(state, fact) is null) state = Fold.Evolve(state, fact);
            var rulesRead = state.With(CooperationAspect.PledgeKind, []).With(EngagementsAspect.Kind, []).With(StatementsAspect.Kind, []);
            Assert.Equal(rulesRead, DecisionBasis.Of(Key, recorded).Final);
        }
    }

    /// <summary>
    /// A decision keeps where it placed its fact, and the rule check of it, for the extension by that same fact that follows
    /// (round 69 of issue #16): what it kept must answer for that object on that state only. Each step decides facts proposed
    /// next — the ones then recorded, in any order, and others in their place (the same event id at another date, an equal
    /// copy) — then extends the basis by some of them and by all: each decision and each basis must be the full fold's.
    /// </summary>
    [Fact]
    public void A_decision_kept_for_its_extension_answers_for_that_fact_on_that_state_only()
    {
        for (var seed = 0; seed < 400; seed++)
        {
            var rng = new Random(seed);
            var recorded = new List<Fact>();
            var basis = DecisionBasis.Of(Key, []);
            while (recorded.Count < 40)
            {
                var next = new List<Fact>();
                for (var i = rng.Next(1, 4); i > 0; i--) next.Add(RandomFact(rng, [.. recorded, .. next], recorded.Count + next.Count));
                var asked = next.Concat(next.Select(f => rng.Next(2) == 0 ? f with { } : f with { EffectiveDate = RandomDate(rng, 1990) }))
                    .OrderBy(_ => rng.Next()).ToList();
                foreach (var proposed in asked)
                    Assert.Equal(Decide.Check(Key, recorded, proposed), Decide.Check(basis, proposed));
                // The one asked last, decided again: what the basis kept of it stands until the fold changes.
                Assert.Equal(Decide.Check(Key, recorded, asked[^1]), Decide.Check(basis, asked[^1]));
                var some = rng.Next(0, next.Count);
                if (some > 0)
                {
                    basis = basis.Extend([.. recorded, .. next.Take(some)]);
                    AssertBuiltFromScratch([.. recorded, .. next.Take(some)], basis, seed);
                }
                // A record that holds one fact twice (a crafted log): the second is placed on the fold the first changed, as it is
                // on a fold built with the first.
                var twice = DecisionBasis.Of(Key, [.. recorded]);
                Decide.Check(twice, next[0]);
                AssertSame(DecisionBasis.Of(Key, [.. recorded, next[0]]).Extend([.. recorded, next[0], next[0]]), twice.Extend([.. recorded, next[0], next[0]]), seed);
                recorded.AddRange(next);
                basis = basis.Extend([.. recorded]);
                AssertBuiltFromScratch(recorded, basis, seed);
            }
        }
    }

    private static void AssertBuiltFromScratch(List<Fact> recorded, DecisionBasis extended, int seed) =>
        AssertSame(DecisionBasis.Of(Key, recorded), extended, seed);

    private static void AssertSame(DecisionBasis built, DecisionBasis extended, int seed)
    {
        Assert.Equal(built.Count, extended.Count);
        Assert.Equal(built.Last, extended.Last);
        Assert.Equal(built.Final, extended.Final);
        Assert.True(built.Contradicting.SetEquals(extended.Contradicting), $"seed {seed}");
    }

    internal static List<Fact> RandomHistory(Random rng, int count)
    {
        var facts = new List<Fact>();
        for (var i = 0; i < count; i++) facts.Add(RandomFact(rng, facts, i));
        return facts;
    }

    /// <summary>Mostly facts that move forward in time, some back-filled, some mends; many contradict.</summary>
    private static Fact RandomFact(Random rng, IReadOnlyList<Fact> before, int revision)
    {
        var date = RandomDate(rng, before.Count == 0 || rng.Next(4) == 0 ? 1990 : before[^1].EffectiveDate.Year);
        var list = rng.Next(2) == 0 ? "Terrorist list" : "Extremist list";
        var person = rng.Next(2) == 0 ? "A" : "B";
        var targets = before.Where(f => f.Event is not IMendEvent).ToList();
        var corrections = before.Where(f => f.Event is EntryCorrected).ToList();
        IRelationshipEvent e = rng.Next(16) switch
        {
            12 => new EngagementHeld("RU", "AF", "visit", null, "A visit"),
            13 => new CooperationPledged("RU", "AF", "counter-terrorism", null),
            14 when corrections.Count > 0 => new EntryRetracted(corrections[rng.Next(corrections.Count)].EventId, "the correction was wrong"),
            15 when targets.Count > 0 => new EntryCorrected(targets[rng.Next(targets.Count)].EventId, "summary", null,
                new StatementMade("RU", "AF", "Minister", Stance.Partner, "A partner.")),
            0 => new RelationsEstablished("AF", "RU"),
            1 => new RelationsSevered("RU", "AF", null),
            2 => new RelationsRestored("AF", "RU"),
            3 or 4 => new DesignationImposed("RU", "AF", list, "Supreme Court", null),
            5 => new DesignationRemoved("RU", "AF", list, "Supreme Court", null),
            6 => new AmbassadorAccredited("AF", "RU", person),
            7 => new AmbassadorRecalled("AF", "RU", person, null),
            8 => new StatementMade("RU", "AF", "President", Stance.Ally, "An ally."),
            9 when targets.Count > 0 => new EntryRetracted(targets[rng.Next(targets.Count)].EventId, "wrong"),
            10 when targets.Count > 0 => new EntryCorrected(targets[rng.Next(targets.Count)].EventId, "date", RandomDate(rng, 1990), null),
            _ => new MissionOpened("RU", "AF", MissionLevel.Embassy, null, null),
        };
        return new Fact(Guid.NewGuid(), date, DateTimeOffset.UnixEpoch.AddDays(revision), revision, e);
    }

    internal static PartialDate RandomDate(Random rng, int fromYear)
    {
        var year = fromYear + rng.Next(0, 3);
        return rng.Next(3) switch
        {
            0 => PartialDate.OfYear(year),
            1 => PartialDate.OfMonth(year, 1 + rng.Next(12)),
            _ => PartialDate.OfDay(new DateOnly(year, 1 + rng.Next(12), 1 + rng.Next(28))),
        };
    }
}
