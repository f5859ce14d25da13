using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Tests.Decisions;

/// <summary>
/// A basis extended fact by fact, as an import or <c>verify</c> extends it, decides every next fact as the whole timeline
/// resolved and folded with it does (<see cref="WholeFold"/>, the oracle), and ends as the whole timeline folded gives it:
/// the folds kept (<see cref="RulesFold"/>) and the record's index are only a shortcut. Histories are long enough to cross many kept states,
/// with back-filled facts, mends of facts under the rules and beyond them, retractions of corrections, contradictions,
/// and a few of what only a crafted log holds (a correction that changes a fact's type, a mend before the fact it mends).
/// </summary>
public sealed class RulesFoldTests
{
    private static readonly RelationshipKey Key = RelationshipKey.Of("AF", "RU");

    [Fact]
    public void A_basis_extended_fact_by_fact_decides_as_the_whole_fold_did()
    {
        for (var seed = 0; seed < 160; seed++)
        {
            var rng = new Random(seed);
            var history = new History(rng);
            var recorded = new List<Fact>();
            var (basis, whole) = (DecisionBasis.Of(Key, recorded), WholeFold.Of(recorded));
            var length = rng.Next(0, 4 * RulesFold.Every + 20);
            for (var i = 0; i < length; i++)
            {
                var proposed = history.Next(recorded);
                Assert.True(whole.Check(proposed) == Decide.Check(basis, proposed), $"seed {seed}, fact {i} ({proposed.Type}): {whole.Check(proposed)} / {Decide.Check(basis, proposed)}");
                recorded.Add(proposed); // accepted or not, as a log holds it
                (basis, whole) = (basis.Extend(recorded), whole.Extend(recorded));
                Assert.True(whole.Final.Equals(basis.Final), $"seed {seed}, fact {i}: the state differs");
                Assert.True(whole.Contradicting.SetEquals(basis.Contradicting), $"seed {seed}, fact {i}: the contradicting facts differ");
                Assert.Equal(whole.Last, basis.Last);
            }
        }
    }

    [Fact]
    public void A_basis_that_handed_its_fold_on_still_decides_and_extends_as_before()
    {
        for (var seed = 0; seed < 80; seed++)
        {
            var rng = new Random(seed);
            var history = new History(rng);
            var recorded = new List<Fact>();
            for (var i = 0; i < 2 * RulesFold.Every; i++) recorded.Add(history.Next(recorded));
            var first = recorded.ToList();
            var (basis, whole) = (DecisionBasis.Of(Key, first), WholeFold.Of(first));
            for (var i = 0; i < RulesFold.Every / 2; i++) recorded.Add(history.Next(recorded));
            _ = basis.Extend(recorded); // takes the fold and changes it: the basis itself is asked again below, as a cache's older history may be
            for (var i = 0; i < 40; i++)
            {
                var proposed = history.Next(first);
                Assert.Equal(whole.Check(proposed), Decide.Check(basis, proposed));
            }
            var fork = new List<Fact>(first) { history.Next(first) };
            var (extended, wholeExtended) = (basis.Extend(fork), whole.Extend(fork));
            Assert.True(wholeExtended.Final.Equals(extended.Final) && wholeExtended.Contradicting.SetEquals(extended.Contradicting), $"seed {seed}");
        }
    }

    /// <summary>
    /// Random facts: mostly forward in time, some back-filled; mends of any fact (a designation's reference, any fact's date,
    /// a retraction, a correction's retraction); a few that a command is refused and a crafted log may hold.
    /// </summary>
    internal sealed class History(Random rng)
    {
        /// <summary>Ids a crafted mend named before any fact had them: the next facts take them.</summary>
        private readonly Queue<Guid> _named = new();

        public Fact Next(IReadOnlyList<Fact> before)
        {
            var revision = before.Count;
            var date = RandomDate(before.Count == 0 || rng.Next(5) == 0 ? 1990 : before[^1].EffectiveDate.Year);
            var list = rng.Next(2) == 0 ? "Terrorist list" : "Extremist list";
            var targets = before.Where(f => f.Event is not IMendEvent).ToList();
            var corrections = before.Where(f => f.Event is EntryCorrected).ToList();
            var target = targets.Count == 0 ? null : targets[Math.Max(0, targets.Count - 1 - (int)(rng.NextDouble() * rng.NextDouble() * targets.Count))];
            IRelationshipEvent e = rng.Next(24) switch
            {
                0 => new RelationsEstablished("AF", "RU"),
                1 => new RelationsSevered("RU", "AF", null),
                2 => new RelationsRestored("AF", "RU"),
                3 or 4 or 5 => new DesignationImposed("RU", "AF", list, "Supreme Court", null),
                6 => new DesignationRemoved("RU", "AF", list, "Supreme Court", null),
                7 => new AmbassadorAccredited("AF", "RU", rng.Next(2) == 0 ? "A" : "B"),
                8 => new AmbassadorRecalled("AF", "RU", rng.Next(2) == 0 ? "A" : "B", null),
                9 or 10 => new StatementMade("RU", "AF", "President", Stance.Ally, "An ally."),
                11 => new EngagementHeld("RU", "AF", "visit", null, "A visit"),
                12 when target is { Event: DesignationImposed d } => new EntryCorrected(target.EventId, "reference", null, d with { Reference = $"R{rng.Next(1000)}" }),
                13 or 14 when target is not null => new EntryCorrected(target.EventId, "date", RandomDate(1990), null),
                15 when target is not null => new EntryRetracted(target.EventId, "wrong"),
                16 when corrections.Count > 0 => new EntryRetracted(corrections[rng.Next(corrections.Count)].EventId, "the correction was wrong"),
                17 when target is not null => new EntryCorrected(target.EventId, "summary", null, new StatementMade("RU", "AF", "Minister", Stance.Partner, "A partner.")),
                18 when target is not null && rng.Next(4) == 0 => new EntryCorrected(target.EventId, "type", null, new DesignationImposed("RU", "AF", list, "Court", null)),
                19 when rng.Next(4) == 0 => new EntryRetracted(Named(), "named before it was recorded"),
                _ => new MissionOpened("RU", "AF", MissionLevel.Embassy, null, null),
            };
            var id = e is not IMendEvent && _named.Count > 0 && rng.Next(3) == 0 ? _named.Dequeue() : Guid.NewGuid();
            return new Fact(id, date, DateTimeOffset.UnixEpoch.AddDays(revision), revision, e);
        }

        private Guid Named()
        {
            var id = Guid.NewGuid();
            _named.Enqueue(id);
            return id;
        }

        private PartialDate RandomDate(int fromYear) => DecisionBasisTests.RandomDate(rng, fromYear);
    }

    /// <summary>
    /// The decision as <see cref="DecisionBasis"/> and <see cref="Decide.Check(DecisionBasis, Fact)"/> made it before round 47
    /// of issue #16, kept here as the oracle: the whole timeline resolved and folded with the fact to decide it, and the basis
    /// built again whole once it joined.
    /// </summary>
    private sealed record WholeFold(IReadOnlyList<Fact> Recorded, int Count, RelationshipState Final, IReadOnlySet<Guid> Contradicting, PartialDate? Last)
    {
        public static WholeFold Of(IReadOnlyList<Fact> recorded)
        {
            var timeline = Timeline.Of(recorded, folds: e => !Rules.IsUnconstrained(e)).Ordered;
            var state = RelationshipState.Initial(Key);
            var contradicting = new HashSet<Guid>();
            foreach (var fact in timeline)
            {
                if (Rules.Check(state, fact) is not null) contradicting.Add(fact.EventId);
                else state = Fold.Evolve(state, fact);
            }
            return new(recorded, recorded.Count, state, contradicting, timeline.Count == 0 ? null : timeline[^1].EffectiveDate);
        }

        /// <summary>
        /// Built again whole. Before round 50 the oracle folded a fact that lands last on, as the basis did; for a crafted log's
        /// fact mended before it was recorded that fold is not the timeline's (the fact as recorded was folded, not its form).
        /// </summary>
        public WholeFold Extend(IReadOnlyList<Fact> recorded) => Of(recorded);

        /// <summary>
        /// The whole timeline resolved and folded with the fact (<see cref="Decide.Check(RelationshipKey, IReadOnlyList{Fact}, Fact)"/>).
        /// Before round 50 the oracle checked a fact that lands last against the final state and accepted a fact beyond the rules
        /// by its type as recorded, as the basis did; in a crafted log a fact's current form is not always what was recorded (a
        /// correction that changed a statement into a designation, a retraction recorded before the fact it retracts).
        /// </summary>
        public Conflict? Check(Fact proposed) => Decide.Check(Key, Recorded, proposed);
    }
}
