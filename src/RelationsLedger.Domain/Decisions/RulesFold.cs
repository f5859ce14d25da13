using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Domain.Decisions;

/// <summary>
/// The timeline the rules read (<see cref="Timeline.Of"/> of a basis's facts, facts beyond the rules left out), with the
/// states the fold reaches along it, kept at most <see cref="Every"/> facts apart. A fact that does not land at the end of the
/// timeline — a mend of a fact under the rules, a back-filled fact — changes it from one place on: it is decided, and
/// absorbed once accepted, by folding again from the state kept just before that place, not from the start. Before
/// round 47 of issue #16 each such fact had the whole timeline resolved and folded twice (to decide it, then to build
/// the basis again): quadratic in a relationship's length.
/// <para>
/// Owned by one <see cref="DecisionBasis"/> at a time (<see cref="Owner"/>): extending the basis hands the fold on, changed,
/// to the new one. Reads and changes are made under the fold's lock: a basis that a cache holds may be decided on by one
/// request while another extends it. A basis whose fold was handed on decides as before round 47, and is built again
/// whole when extended.
/// </para>
/// <para>
/// The fold also keeps the record it was given (<see cref="Record"/>): what a fact recorded next changes, and where, is
/// looked up there (<see cref="PlaceOf"/>), so each fact costs in proportion to the facts it changes, however many mends
/// one fact has (round 50).
/// </para>
/// <para>
/// A refold stops where the timeline's state meets the old one again (round 52): past the changed places the timeline is the
/// old one shifted by the facts the change adds or removes, so once the state before a place equals the state kept before
/// the corresponding old place, every later state, rule check and contradiction is the old one. A corrected ambassador's
/// date stops mattering once the next ambassador is accredited; before, each mend early in a long timeline folded it to the
/// end. Kept states therefore sit at places that need not be multiples of <see cref="Every"/> (the old ones, shifted).
/// </para>
/// </summary>
internal sealed class RulesFold
{
    /// <summary>Kept states are at most this many facts of the timeline apart: at most this many are folded to reach any place.</summary>
    internal const int Every = 32;

    private readonly RelationshipKey _key;

    /// <summary>The current form of each fact the rules read, in effective order (<see cref="Timeline.Compare"/>).</summary>
    private readonly List<Fact> _ordered;

    /// <summary>
    /// Every fact the fold was given, by id, with each one's current form: what a fact recorded next changes is looked up here
    /// (<see cref="Timeline.Affects"/>), not searched for in the record (round 50 of issue #16: <c>verify</c> of a log with
    /// 20,000 forged mends of one fact took two minutes, each mend reading the whole record and every earlier mend).
    /// </summary>
    private readonly Timeline _record;

    /// <summary>
    /// States kept along the timeline: each the state before <c>_ordered[At]</c>, contradicting facts skipped (as
    /// <see cref="Decide.Contradictions"/> folds). The first is at 0, places rise, and no two neighbours — nor the last and
    /// the timeline's end — are more than <see cref="Every"/> apart: any place is reached by folding at most that many facts.
    /// A fold from scratch keeps them at the multiples of <see cref="Every"/>; a refold that meets the old states again keeps
    /// the old ones past that place, shifted by the facts its change added or removed.
    /// </summary>
    private readonly List<KeptState> _kept;

    /// <summary>
    /// The fold a decision found, kept for the extension that follows it when the fact is accepted: the same fact is not
    /// folded in twice (<see cref="Apply"/>). Null once anything else changed the fold.
    /// </summary>
    private Refolded? _found;

    /// <summary>
    /// The place a decision found for a fact (<see cref="PlaceOf"/>), kept for the extension that follows it when the fact is
    /// accepted: an import decides each line, then extends the basis with it, and both asked the record where the same fact
    /// goes (round 69 of issue #16). Only for the same object, and null once anything changed the fold.
    /// </summary>
    private (Fact Fact, Place Place, (Guid Id, Fact? Old, Fact? Form)? Affects)? _placed;

    /// <summary>
    /// The last fact checked on a state where it lands last (<see cref="CheckLast"/>), and the answer: the decision checks it
    /// on the basis's final state, and the extension that follows checks it again on that same state. A rule check reads only
    /// the state and the fact, both immutable, so the same two objects give the same answer.
    /// </summary>
    private (RelationshipState State, Fact Fact, Conflict? Conflict)? _checked;

    private RulesFold(RelationshipKey key, Timeline record, List<KeptState> kept) =>
        (_key, _record, _ordered, _kept) = (key, record, record.HandOverOrdered(), kept);

    /// <summary>The record the fold was given, looked up by id (read under the fold's lock, as every read of the fold is).</summary>
    public IRecordLookup Record => _record;

    /// <summary>The basis this fold is of; any other reads it no more.</summary>
    public DecisionBasis? Owner { get; set; }

    /// <summary>The facts folded again by refolds so far (<see cref="FirstNew"/>, <see cref="Apply"/>): what a mend costs, counted.</summary>
    internal long RefoldSteps { get; private set; }

    /// <summary>The timeline and the states kept along it, for tests that hold them to a fold from scratch.</summary>
    internal (IReadOnlyList<Fact> Ordered, IReadOnlyList<KeptState> Kept) View => (_ordered, _kept);

    /// <summary>The state after the whole timeline, the ids of its contradicting facts, and the fold kept.</summary>
    public static (RulesFold Fold, RelationshipState Final, HashSet<Guid> Contradicting) Build(RelationshipKey key, IEnumerable<Fact> recorded)
    {
        var timeline = Timeline.Of(recorded, folds: e => !Rules.IsUnconstrained(e));
        var fold = new RulesFold(key, timeline, []);
        var contradicting = new HashSet<Guid>(RandomisedIds.Comparer);
        var state = RelationshipState.Initial(key);
        for (var i = 0; i < fold._ordered.Count; i++)
        {
            if (i % Every == 0) fold._kept.Add(new(i, state));
            var fact = fold._ordered[i];
            if (Rules.Check(state, fact) is not null) contradicting.Add(fact.EventId);
            else state = Fold.Evolve(state, fact);
        }
        return (fold, state, contradicting);
    }

    /// <summary>Where a fact recorded next changes the timeline the rules read.</summary>
    public enum Place
    {
        /// <summary>Nowhere: it changes no form under the rules (a fact beyond them or its mend, a mend that changes nothing or names no recorded fact).</summary>
        Outside,

        /// <summary>At its end: a fact, as recorded, ordered after every other.</summary>
        Last,

        /// <summary>Anywhere else: a mend of a fact under the rules, a back-filled fact, a fact its crafted log mended before recording it.</summary>
        Within,
    }

    /// <summary>
    /// Where <paramref name="fact"/>, recorded next, changes the timeline, from what it would change (<see cref="Timeline.Affects"/>):
    /// the same answer for every record, crafted or not. Until round 50 a basis read the fact's type and target instead, and a
    /// log holding a mend of a fact not recorded before it, or a correction giving a fact beyond the rules a replacement under
    /// them, had its whole timeline folded again for every later fact that did not land last.
    /// </summary>
    /// <returns>The place, and what the fact affects, for the fold to record it by without asking again.</returns>
    public (Place Place, (Guid Id, Fact? Old, Fact? Form)? Affects) PlaceOf(Fact fact)
    {
        if (_placed is var (placedFact, placed, placedAffects) && ReferenceEquals(placedFact, fact)) return (placed, placedAffects);
        var affects = _record.Affects(fact);
        var place = affects is not var (_, old, form) || Equals(old, form) || (!UnderRules(old) && !UnderRules(form)) ? Place.Outside
            : old is null && Equals(form, fact) && DecisionBasis.LandsLast(fact, Last) ? Place.Last : Place.Within;
        _placed = (fact, place, affects);
        return (place, affects);
    }

    /// <summary>
    /// <see cref="Rules.Check"/> of a fact that lands last (<see cref="Place.Last"/>) on <paramref name="before"/>, the state
    /// the timeline ends in: asked again of the same two objects, the answer found before.
    /// </summary>
    public Conflict? CheckLast(RelationshipState before, Fact fact)
    {
        if (_checked is var (state, checkedFact, conflict) && ReferenceEquals(state, before) && ReferenceEquals(checkedFact, fact)) return conflict;
        conflict = Rules.Check(before, fact);
        _checked = (before, fact, conflict);
        return conflict;
    }

    private static bool UnderRules(Fact? form) => form is not null && !Rules.IsUnconstrained(form.Event);

    /// <summary>A fact that lands last joins the end of the timeline; <paramref name="before"/> is the state before it.</summary>
    public void Append(Fact fact, RelationshipState before, (Guid Id, Fact? Old, Fact? Form)? affects)
    {
        (_found, _placed) = (null, null);
        if (_kept.Count == 0 || _ordered.Count - _kept[^1].At >= Every) _kept.Add(new(_ordered.Count, before));
        _ordered.Add(fact);
        _record.Record(fact, affects);
    }

    /// <summary>A fact that changes nothing the rules read (<see cref="Place.Outside"/>): only the record takes it.</summary>
    public void PassOver(Fact fact, (Guid Id, Fact? Old, Fact? Form)? affects)
    {
        _placed = null;
        _record.Record(fact, affects);
    }

    /// <summary>
    /// The first contradiction the proposed fact brings into the timeline that <paramref name="before"/> does not hold, as
    /// <see cref="Decide.Contradictions"/> of the timeline with the fact recorded would give it; null when there is none.
    /// </summary>
    public (Fact Fact, Conflict Conflict)? FirstNew(Fact proposed, IReadOnlySet<Guid> before)
    {
        var change = Change.Of(this, proposed);
        var refolded = Refold(change, before);
        if (refolded.FirstNew is null) _found = refolded;
        return refolded.FirstNew;
    }

    /// <summary>
    /// Records the next fact into the timeline (it does not land last: a mend under the rules or a back-filled fact) and folds
    /// again from where it changes it, until the state meets the old one. Returns the state after the timeline and its
    /// contradicting facts, from <paramref name="final"/> and <paramref name="contradicting"/>, the basis's.
    /// </summary>
    public (RelationshipState Final, IReadOnlySet<Guid> Contradicting) Apply(Fact fact, RelationshipState final, IReadOnlySet<Guid> contradicting)
    {
        // The fact as recorded may hold the same event with pooled texts (StreamDecisions): equal, not the same object.
        var refolded = _found is { } found && Equals(found.Change.Fact, fact)
            ? found
            : Refold(Change.Of(this, fact), before: null);
        (_found, _placed) = (null, null);
        var (change, from, met) = (refolded.Change, refolded.From, refolded.Met);
        // The old facts folded again: from the first kept state replaced to where the state met the old one (or the end).
        var end = met >= 0 ? _kept[met].At : _ordered.Count;
        var left = new List<Guid>();
        for (var i = _kept.Count == 0 ? 0 : _kept[from].At; i < end; i++)
            if (contradicting.Contains(_ordered[i].EventId)) left.Add(_ordered[i].EventId);
        if (change.RemoveAt >= 0) _ordered.RemoveAt(change.RemoveAt);
        if (change.Form is { } form) _ordered.Insert(change.InsertAt, form);
        KeptStates.Replace(_kept, from, met >= 0 ? met : _kept.Count, refolded.Kept, change.Shift);
        _record.Record(fact);
        var now = met >= 0 ? final : refolded.Final;
        if (left.Count == 0 && refolded.Contradicting.Count == 0) return (now, contradicting);
        var ids = new HashSet<Guid>(contradicting, RandomisedIds.Comparer);
        ids.ExceptWith(left);
        ids.UnionWith(refolded.Contradicting);
        return (now, ids);
    }

    /// <summary>The effective date of the timeline's last fact; null when it has none.</summary>
    public Time.PartialDate? Last => _ordered.Count == 0 ? null : _ordered[^1].EffectiveDate;

    /// <summary>
    /// What a fact recorded next does to the timeline: the form of the fact it changes (itself, or the fact a mend mends) leaves
    /// its place (<see cref="RemoveAt"/>, or -1) and its new form (<see cref="Form"/>, or none) joins at <see cref="InsertAt"/>,
    /// a place in the timeline once the old form left it. Only forms under the rules are in the timeline.
    /// </summary>
    private sealed record Change(Fact Fact, int RemoveAt, Fact? Form, int InsertAt)
    {
        /// <summary>The first place of the timeline that differs: every fact before it, and the fold up to it, stay.</summary>
        public int First(int count) => Math.Min(RemoveAt >= 0 ? RemoveAt : count, Form is null ? count : InsertAt);

        /// <summary>How far the change moves the facts after it: +1 when it adds a fact, −1 when it removes one, else 0.</summary>
        public int Shift => (Form is null ? 0 : 1) - (RemoveAt >= 0 ? 1 : 0);

        /// <summary>
        /// The first place of the changed timeline from which on every fact is the old one at its place less <see cref="Shift"/>:
        /// past the new form's place and past the old form's (both at once when a form moves, so nothing shifts there).
        /// </summary>
        public int Past => Math.Max(Form is null ? 0 : InsertAt + 1, RemoveAt >= 0 ? RemoveAt + (Form is null ? 0 : 1) : 0);

        public static Change Of(RulesFold fold, Fact fact)
        {
            // The fact whose form this one may change (itself, or the fact a mend mends), its form now and once it is recorded.
            if (fold._record.Affects(fact) is not var (affected, old, form) || Equals(old, form)) return new(fact, -1, null, 0);
            var removeAt = -1;
            if (old is not null && !Rules.IsUnconstrained(old.Event) && (removeAt = Timeline.IndexOf(fold._ordered, old)) < 0)
                throw new InvalidOperationException($"The form of event {affected} is not in the timeline of {fold._key} kept for decisions.");
            if (form is null || Rules.IsUnconstrained(form.Event)) return new(fact, removeAt, null, 0);
            // Its place once the old form left: a form ordered as the old one was (the same dates and revision) takes its place.
            var found = Timeline.IndexOf(fold._ordered, form);
            if (found >= 0 && found != removeAt)
                throw new InvalidOperationException($"Two facts of {fold._key} share revision {form.Revision} in the timeline kept for decisions.");
            var at = found >= 0 ? found : ~found;
            return new(fact, removeAt, form, found < 0 && removeAt >= 0 && removeAt < at ? at - 1 : at);
        }
    }

    /// <summary>
    /// The timeline after a change folded again from the kept state at or before its first changed place (<c>_kept[From]</c>):
    /// the states to keep from there, the ids of the facts that contradict from there, the final state. Stopped where the state
    /// met the old state kept at <c>_kept[Met]</c> (shifted by the change; -1 when it did not, and <see cref="Final"/> is the
    /// timeline's), or at <see cref="FirstNew"/> when a decision asked for the first contradiction not already held.
    /// </summary>
    private sealed record Refolded(Change Change, int From, List<KeptState> Kept, List<Guid> Contradicting, RelationshipState Final, int Met, (Fact Fact, Conflict Conflict)? FirstNew);

    private Refolded Refold(Change change, IReadOnlySet<Guid>? before)
    {
        var count = _ordered.Count - (change.RemoveAt >= 0 ? 1 : 0) + (change.Form is null ? 0 : 1);
        var from = KeptStates.LastAtOrBefore(_kept, Math.Min(change.First(_ordered.Count), count));
        var state = from < _kept.Count ? _kept[from].State : RelationshipState.Initial(_key);
        var (kept, contradicting) = (new List<KeptState>(), new List<Guid>());
        // The next old kept state the refold may meet: the first whose place, shifted, lies past every changed place.
        var (shift, past) = (change.Shift, change.Past);
        var next = from;
        while (next < _kept.Count && _kept[next].At + shift < past) next++;
        for (var i = from < _kept.Count ? _kept[from].At : 0; i < count; i++)
        {
            if (next < _kept.Count && _kept[next].At + shift == i)
            {
                // From here on the timeline is the old one shifted: an equal state folds to equal states, checks and contradictions.
                if (state.Equals(_kept[next].State)) return new(change, from, kept, contradicting, state, next, null);
                next++;
            }
            if (kept.Count == 0 || i - kept[^1].At >= Every) kept.Add(new(i, state));
            var fact = At(change, i);
            RefoldSteps++;
            if (Rules.Check(state, fact) is { } conflict)
            {
                if (before is not null && !before.Contains(fact.EventId)) return new(change, from, kept, contradicting, state, -1, (fact, conflict));
                contradicting.Add(fact.EventId);
            }
            else state = Fold.Evolve(state, fact);
        }
        return new(change, from, kept, contradicting, state, -1, null);
    }

    /// <summary>The fact at place <paramref name="i"/> of the timeline once <paramref name="change"/> is made, without making it.</summary>
    private Fact At(Change change, int i)
    {
        if (change.Form is { } form)
        {
            if (i == change.InsertAt) return form;
            if (i > change.InsertAt) i--;
        }
        if (change.RemoveAt >= 0 && i >= change.RemoveAt) i++;
        return _ordered[i];
    }
}
