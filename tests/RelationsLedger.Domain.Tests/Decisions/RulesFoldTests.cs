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
                AssertKeptAsFromScratch(basis, recorded, $"seed {seed}, fact {i}");
            }
        }
    }

    /// <summary>
    /// Round 52: a refold stops where the state meets the old one again. Long histories whose mends and back-fills land early
    /// (far from the end, where stopping matters), checked after every fact against the oracle and a fold from scratch: the
    /// decision, the state, the contradicting facts and every kept state. Together they must fold far fewer facts again than
    /// folding each change to the timeline's end would (counted from the oracle's timelines: a fold that never stops folds at
    /// least that many, and more for a refused fact, folded to its first contradiction to decide it, then again to record it).
    /// </summary>
    [Fact]
    public void A_long_history_mended_early_refolds_until_it_meets_the_old_fold_and_decides_as_the_whole_fold_did()
    {
        var (refolded, toTheEnd) = (0L, 0L);
        for (var seed = 0; seed < 16; seed++)
        {
            var rng = new Random(1000 + seed);
            var history = new History(rng, early: true);
            var recorded = new List<Fact>();
            var (basis, whole) = (DecisionBasis.Of(Key, recorded), WholeFold.Of(recorded));
            var timeline = RulesTimeline(recorded);
            for (var i = 0; i < 15 * RulesFold.Every; i++)
            {
                var proposed = history.Next(recorded);
                Assert.True(whole.Check(proposed) == Decide.Check(basis, proposed), $"seed {seed}, fact {i} ({proposed.Type}): {whole.Check(proposed)} / {Decide.Check(basis, proposed)}");
                recorded.Add(proposed);
                (basis, whole) = (basis.Extend(recorded), whole.Extend(recorded));
                Assert.True(whole.Final.Equals(basis.Final), $"seed {seed}, fact {i}: the state differs");
                Assert.True(whole.Contradicting.SetEquals(basis.Contradicting), $"seed {seed}, fact {i}: the contradicting facts differ");
                AssertKeptAsFromScratch(basis, recorded, $"seed {seed}, fact {i}");
                var next = RulesTimeline(recorded);
                var changed = Enumerable.Range(0, Math.Min(timeline.Count, next.Count)).FirstOrDefault(k => !Equals(timeline[k], next[k]), Math.Min(timeline.Count, next.Count));
                // A change within the timeline: folded before round 52 from the kept state before it (every 32nd) to the end.
                if (changed < timeline.Count) toTheEnd += next.Count - changed / RulesFold.Every * RulesFold.Every;
                timeline = next;
            }
            refolded += basis.OwnFold!.RefoldSteps;
        }
        Assert.True(refolded * 3 < toTheEnd * 2, $"{refolded:N0} facts folded again; {toTheEnd:N0} from each change to the end");
    }

    /// <summary>
    /// One ambassador after another for 40 kept states' worth of facts; then the second ambassador's date corrected, an early
    /// mission back-filled, and the second ambassador's accreditation retracted (his recall then contradicts). Each is felt only
    /// until the next ambassador is accredited, or the next mission opened: folded again to the kept state after that, not
    /// the ~1,280 facts to the end, and the same decisions, state, contradicting facts and kept states as the whole fold.
    /// </summary>
    [Fact]
    public void A_mend_early_in_a_long_timeline_is_folded_again_only_until_the_state_meets_the_old_one()
    {
        var recorded = new List<Fact>();
        var day = new DateOnly(1950, 1, 1);
        Fact Next(IRelationshipEvent e, DateOnly on) => new(Guid.NewGuid(), PartialDate.OfDay(on), DateTimeOffset.UnixEpoch.AddDays(recorded.Count), recorded.Count, e);
        recorded.Add(Next(new RelationsEstablished("AF", "RU"), day));
        recorded.Add(Next(new MissionOpened("RU", "AF", MissionLevel.Embassy, null, null), day.AddDays(1)));
        for (var k = 0; recorded.Count < 40 * RulesFold.Every; k++)
        {
            recorded.Add(Next(new AmbassadorAccredited("AF", "RU", $"P{k}"), day.AddDays(10 + 10 * k)));
            recorded.Add(Next(new AmbassadorRecalled("AF", "RU", $"P{k}", null), day.AddDays(15 + 10 * k)));
            if (k % 7 == 0) recorded.Add(Next(new MissionLevelChanged("RU", "AF", k % 14 == 0 ? MissionLevel.Consulate : MissionLevel.Embassy, $"City {k}", null), day.AddDays(16 + 10 * k)));
        }
        var basis = DecisionBasis.Of(Key, recorded);
        var second = recorded.First(f => f.Event is AmbassadorAccredited { Person: "P1" });
        foreach (var e in new IRelationshipEvent[]
        {
            new EntryCorrected(second.EventId, "date", PartialDate.OfDay(day.AddDays(19)), null),
            new MissionLevelChanged("RU", "AF", MissionLevel.Consulate, "Herat", null),
            new EntryRetracted(second.EventId, "wrong"),
        })
        {
            var proposed = Next(e, e is MissionLevelChanged ? day.AddDays(3) : day.AddDays(20_000));
            var steps = basis.OwnFold!.RefoldSteps;
            Assert.Equal(Decide.Check(Key, recorded, proposed), Decide.Check(basis, proposed));
            recorded.Add(proposed);
            basis = basis.Extend(recorded);
            var whole = WholeFold.Of(recorded);
            Assert.True(whole.Final.Equals(basis.Final), $"{proposed.Type}: the state differs");
            Assert.True(whole.Contradicting.SetEquals(basis.Contradicting), $"{proposed.Type}: the contradicting facts differ");
            AssertKeptAsFromScratch(basis, recorded, proposed.Type);
            Assert.InRange(basis.OwnFold!.RefoldSteps - steps, 1, 2 * RulesFold.Every);
        }
        // The recall of the ambassador whose accreditation was retracted (and the first level change, which the back-filled one made a repeat).
        Assert.Contains(recorded.Single(f => f.Event is AmbassadorRecalled { Person: "P1" }).EventId, basis.Contradicting);
    }

    /// <summary>
    /// The fold a basis owns holds the timeline the rules read, and each state it kept is the state a fold from scratch reaches
    /// before that place; the first at 0, and none more than <see cref="RulesFold.Every"/> facts from the next or the end.
    /// </summary>
    private static void AssertKeptAsFromScratch(DecisionBasis basis, IReadOnlyList<Fact> recorded, string context)
    {
        var (ordered, kept) = basis.OwnFold!.View;
        var timeline = RulesTimeline(recorded);
        Assert.True(timeline.SequenceEqual(ordered), $"{context}: the timeline differs");
        if (timeline.Count == 0) return;
        Assert.True(kept.Count > 0 && kept[0].At == 0, $"{context}: no state kept at the start");
        for (var k = 0; k < kept.Count; k++)
        {
            var end = k + 1 < kept.Count ? kept[k + 1].At : timeline.Count;
            Assert.True(kept[k].At < end && end - kept[k].At <= RulesFold.Every, $"{context}: kept states at {kept[k].At} and {end} of {timeline.Count}");
        }
        var state = RelationshipState.Initial(Key);
        var next = 0;
        for (var i = 0; i < timeline.Count && next < kept.Count; i++)
        {
            if (kept[next].At == i) Assert.True(state.Equals(kept[next++].State), $"{context}: the state kept before fact {i} of {timeline.Count} differs");
            if (Rules.Check(state, timeline[i]) is null) state = Fold.Evolve(state, timeline[i]);
        }
    }

    private static IReadOnlyList<Fact> RulesTimeline(IReadOnlyList<Fact> recorded) => Timeline.Of(recorded, folds: e => !Rules.IsUnconstrained(e)).Ordered;

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
    /// <param name="early">Facts in order a day or weeks apart; mends target, and back-fills land among, the first quarter of the record: far from the end.</param>
    internal sealed class History(Random rng, bool early = false)
    {
        /// <summary>Ids a crafted mend named before any fact had them: the next facts take them.</summary>
        private readonly Queue<Guid> _named = new();

        /// <summary>The date of the latest fact recorded in order, when mends and back-fills are <c>early</c>: a day or weeks apart.</summary>
        private DateOnly _clock = new(1950, 1, 1);

        public Fact Next(IReadOnlyList<Fact> before)
        {
            var revision = before.Count;
            var date = !early ? RandomDate(before.Count == 0 || rng.Next(5) == 0 ? 1990 : before[^1].EffectiveDate.Year)
                : before.Count > 0 && rng.Next(6) == 0 ? Near(before[rng.Next((before.Count + 3) / 4)].EffectiveDate)
                : PartialDate.OfDay(_clock = _clock.AddDays(rng.Next(1, 60)));
            var list = rng.Next(2) == 0 ? "Terrorist list" : "Extremist list";
            var targets = before.Where(f => f.Event is not IMendEvent).ToList();
            var corrections = before.Where(f => f.Event is EntryCorrected).ToList();
            var target = targets.Count == 0 ? null
                : early ? targets[rng.Next((targets.Count + 3) / 4)]
                : targets[Math.Max(0, targets.Count - 1 - (int)(rng.NextDouble() * rng.NextDouble() * targets.Count))];
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
                13 or 14 when target is not null => new EntryCorrected(target.EventId, "date", early ? Near(target.EffectiveDate) : RandomDate(1990), null),
                15 when target is not null => new EntryRetracted(target.EventId, "wrong"),
                16 when corrections.Count > 0 => new EntryRetracted(corrections[rng.Next(corrections.Count)].EventId, "the correction was wrong"),
                17 when target is not null => new EntryCorrected(target.EventId, "summary", null, new StatementMade("RU", "AF", "Minister", Stance.Partner, "A partner.")),
                18 when target is not null && rng.Next(4) == 0 => new EntryCorrected(target.EventId, "type", null, new DesignationImposed("RU", "AF", list, "Court", null)),
                19 when rng.Next(4) == 0 => new EntryRetracted(Named(), "named before it was recorded"),
                _ when early && rng.Next(2) == 0 => new MissionClosed("RU", "AF", null), // an early mission's date then stops mattering
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

        /// <summary>A day within three weeks of <paramref name="date"/>'s first.</summary>
        private PartialDate Near(PartialDate date) => PartialDate.OfDay(date.Start.AddDays(rng.Next(-21, 22)));
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
