using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Domain.State;

/// <summary>
/// The one timeline engine: turns the recorded events of a relationship (in recording order) into the
/// timeline the fold reads — mends applied, in effective-date order — and keeps it so as facts are
/// recorded one by one. Decisions, the read model and replay all read timelines made here.
/// <list type="bullet">
/// <item>A correction gives its target a new effective date, new fields, or both, from the moment it is
/// recorded; corrections of one fact apply in recording order. A retraction withdraws its target (a fact, or
/// a correction, whose target then reads as before it). Mends themselves never enter the timeline.</item>
/// <item>Order: by the first day of the effective date, then the last day (the more precise first), then recording order.</item>
/// </list>
/// Which facts take part in <see cref="Ordered"/> is the reader's choice (<c>folds</c>): decisions leave out
/// the facts beyond the rules, the read model the latest-kind facts it stores on their own; every fact's
/// current form is known either way (<see cref="FormOf"/>).
/// </summary>
public sealed class Timeline : IRecordLookup
{
    private Func<IRelationshipEvent, bool> _folds;
    private readonly Dictionary<Guid, Fact> _recorded = new(RandomisedIds.Comparer);
    private readonly Dictionary<Guid, StandingCorrections> _correctionsOf = new(RandomisedIds.Comparer);
    /// <summary>Each retracted id, with the first retraction of it recorded.</summary>
    private readonly Dictionary<Guid, Fact> _retractions = new(RandomisedIds.Comparer);
    /// <summary>
    /// The current form of each fact whose form is not the fact as recorded (a correction of it stands); every other fact's form
    /// is itself, or none when it is a mend or retracted (<see cref="FormOf"/>). A fold keeps its record's timeline to the end
    /// of a verify or an import (round 50): one entry a mended fact, not one a fact.
    /// </summary>
    private readonly Dictionary<Guid, Fact> _forms = new(RandomisedIds.Comparer);
    private readonly List<Fact> _ordered = [];

    public Timeline(Func<IRelationshipEvent, bool>? folds = null) => _folds = folds ?? (_ => true);

    /// <summary>How many facts were recorded into the timeline.</summary>
    public int RecordedCount { get; private set; }

    /// <summary>The current form of every fact that folds, in effective order.</summary>
    public IReadOnlyList<Fact> Ordered => _ordered;

    /// <summary>The current form of every fact of the resolved timeline (mends applied, retracted facts gone), whether it folds or not.</summary>
    public IEnumerable<Fact> Forms
    {
        get
        {
            foreach (var id in _recorded.Keys)
                if (FormOf(id) is { } form) yield return form;
        }
    }

    /// <summary>The current form of a fact; null for a mend, a retracted fact or an unknown id.</summary>
    public Fact? FormOf(Guid eventId) =>
        _forms.TryGetValue(eventId, out var form) ? form
        : _recorded.TryGetValue(eventId, out var fact) && fact.Event is not IMendEvent && !_retractions.ContainsKey(eventId) ? fact
        : null;

    /// <summary>Keeps a fact's current form: only one that is not the fact as recorded takes an entry (<see cref="_forms"/>).</summary>
    private void Keep(Guid eventId, Fact? form)
    {
        if (form is null || ReferenceEquals(form, _recorded.GetValueOrDefault(eventId))) _forms.Remove(eventId);
        else _forms[eventId] = form;
    }

    /// <summary>The latest standing correction that replaces a fact's fields; null when none does.</summary>
    public Fact? LatestFieldCorrection(Guid eventId) => _correctionsOf.GetValueOrDefault(eventId)?.LatestFieldCorrection(_retractions);

    /// <summary>The fact as it was recorded (mends included); null for an unknown id.</summary>
    public Fact? RecordedFact(Guid eventId) => _recorded.GetValueOrDefault(eventId);

    /// <summary>The first retraction recorded of an id (a fact's, a correction's, or one not recorded); null when none is.</summary>
    public Fact? RetractionOf(Guid eventId) => _retractions.GetValueOrDefault(eventId);

    public bool Folds(Fact fact) => _folds(fact.Event);

    /// <summary>
    /// Hands <see cref="Ordered"/> to the caller, which keeps its own order from here on: the timeline goes on keeping the
    /// record and every fact's current form (<see cref="Affects"/>), and orders nothing more.
    /// </summary>
    internal List<Fact> HandOverOrdered()
    {
        var ordered = new List<Fact>(_ordered);
        _ordered.Clear();
        _ordered.TrimExcess();
        _folds = _ => false;
        return ordered;
    }

    /// <summary>The timeline of <paramref name="recorded"/> as known at <paramref name="knownAt"/> (all when null), built in one pass.</summary>
    public static Timeline Of(IEnumerable<Fact> recorded, DateTimeOffset? knownAt = null, Func<IRelationshipEvent, bool>? folds = null)
    {
        var timeline = new Timeline(folds);
        var known = recorded.Where(f => knownAt is null || f.RecordedAt <= knownAt).OrderBy(f => f.Revision).ToList();
        foreach (var fact in known) timeline.Note(fact);
        foreach (var fact in known)
        {
            if (timeline.Form(fact.EventId) is not { } form) continue;
            timeline.Keep(fact.EventId, form);
            if (timeline._folds(form.Event)) timeline._ordered.Add(form);
        }
        // Sort by a key worked out once per fact: a partial date's days are worked out on every comparison otherwise.
        var forms = timeline._ordered.ToArray();
        var keys = new (long Days, long Revision)[forms.Length];
        for (var i = 0; i < forms.Length; i++)
            keys[i] = (((long)forms[i].EffectiveDate.Start.DayNumber << 32) | (uint)forms[i].EffectiveDate.End.DayNumber, forms[i].Revision);
        Array.Sort(keys, forms);
        timeline._ordered.Clear();
        timeline._ordered.AddRange(forms);
        return timeline;
    }

    /// <summary>
    /// The current form of one recorded fact (null for a mend, a retracted fact or an unknown id), as
    /// <c>Of(recorded).FormOf(eventId)</c> gives it, from only the facts that can change it: the fact, its corrections,
    /// and the retractions of either. A correction on a 25,000-event relationship needs its target's form, not the
    /// whole timeline resolved (tens of milliseconds).
    /// </summary>
    public static Fact? CurrentForm(IEnumerable<Fact> recorded, Guid eventId)
    {
        var mended = new HashSet<Guid>(RandomisedIds.Comparer) { eventId };
        foreach (var fact in recorded)
            if (fact.Event is EntryCorrected c && c.Target == eventId) mended.Add(fact.EventId);
        var family = new List<Fact>();
        // Only the fact itself and mends can be of its family: the others are told by their id alone, not looked up.
        foreach (var fact in recorded)
            if (fact.Event is IMendEvent
                    ? mended.Contains(fact.EventId) || (fact.Event is EntryRetracted r && mended.Contains(r.Target))
                    : fact.EventId == eventId)
                family.Add(fact);
        var timeline = new Timeline();
        foreach (var fact in family.OrderBy(f => f.Revision)) timeline.Note(fact);
        return timeline.Form(eventId);
    }

    /// <summary>The resolved timeline of <paramref name="recorded"/> as known at <paramref name="knownAt"/>: every fact, in effective order.</summary>
    public static IReadOnlyList<Fact> Resolve(IEnumerable<Fact> recorded, DateTimeOffset? knownAt = null) => Of(recorded, knownAt).Ordered;

    /// <summary>The state as of a date, as the ledger knew it at <paramref name="knownAt"/> (now when null): the replay.</summary>
    public static RelationshipState StateAsOf(RelationshipKey key, IEnumerable<Fact> recorded, DateOnly asOf, DateTimeOffset? knownAt = null) =>
        Fold.FoldAll(RelationshipState.Initial(key), Until(Resolve(recorded, knownAt), asOf));

    /// <summary>The facts of an ordered timeline that may have taken effect on or before <paramref name="asOf"/>.</summary>
    public static IEnumerable<Fact> Until(IEnumerable<Fact> ordered, DateOnly asOf) => ordered.TakeWhile(f => f.EffectiveDate.PossiblyOnOrBefore(asOf));

    /// <summary>Records the next fact (in recording order) and says which form left the timeline and which joined it.</summary>
    public TimelineChange Record(Fact fact) => Record(fact, Affects(fact));

    /// <summary>As <see cref="Record(Fact)"/>, with what it affects already asked (<see cref="Affects"/>, nothing recorded since).</summary>
    internal TimelineChange Record(Fact fact, (Guid Id, Fact? Old, Fact? Form)? affects)
    {
        Note(fact);
        if (affects is not var (id, old, form) || Equals(old, form)) return TimelineChange.None;

        Keep(id, form);
        var removedAt = -1;
        if (old is not null && _folds(old.Event)) _ordered.RemoveAt(removedAt = IndexOf(old));
        var addedAt = -1;
        if (form is not null && _folds(form.Event)) _ordered.Insert(addedAt = ~IndexOf(form), form);
        return new(old, removedAt, form, addedAt);
    }

    /// <summary>
    /// What recording <paramref name="next"/> would do, without recording it: the fact whose current form it may change (itself,
    /// or the fact a mend mends), that form now and once it is recorded. Null when it changes no fact's form (a correction
    /// already retracted). Work in proportion to the changed fact's own corrections at most, not to the timeline: a fact
    /// mended N times is mended in N steps, not N² (round 50 of issue #16: <c>verify</c> of 20,000 forged mends of one fact).
    /// </summary>
    public (Guid Id, Fact? Old, Fact? Form)? Affects(Fact next)
    {
        Guid? affected = next.Event switch
        {
            EntryCorrected c => _retractions.ContainsKey(next.EventId) ? null : c.Target,
            EntryRetracted r => _recorded.TryGetValue(r.Target, out var target) && target.Event is EntryCorrected tc ? tc.Target : r.Target,
            _ => next.EventId,
        };
        if (affected is not { } id) return null;
        var old = FormOf(id);
        var form = next.Event switch
        {
            // The latest correction applies last, on the form the earlier ones made (none when the fact has no form).
            EntryCorrected c => old is null ? null : Apply(c, old),
            EntryRetracted r when r.Target == id => null,
            // A correction retracted: the form again from the others; retracted already, the form stays.
            EntryRetracted r => _retractions.ContainsKey(r.Target) ? old : Form(id, withdrawn: r.Target),
            _ => Form(id, recordedNext: next),
        };
        return (id, old, form);
    }

    private void Note(Fact fact)
    {
        RecordedCount++;
        _recorded.TryAdd(fact.EventId, fact);
        switch (fact.Event)
        {
            case EntryCorrected c when !_retractions.ContainsKey(fact.EventId):
                if (!_correctionsOf.TryGetValue(c.Target, out var corrections)) _correctionsOf[c.Target] = corrections = new();
                corrections.Add(fact);
                break;
            case EntryRetracted r:
                if (_retractions.TryAdd(r.Target, fact) && _recorded.GetValueOrDefault(r.Target)?.Event is EntryCorrected retracted
                    && _correctionsOf.TryGetValue(retracted.Target, out var of))
                    of.Retracted(_retractions);
                break;
        }
    }

    /// <summary>
    /// A fact's current form: none when it is a mend or retracted; else the original with its corrections that are not
    /// retracted, in recording order. With <paramref name="withdrawn"/>, as if that correction were retracted too; with
    /// <paramref name="recordedNext"/>, a fact not yet recorded, as once it is (its mends may be recorded before it in a crafted log).
    /// </summary>
    private Fact? Form(Guid eventId, Guid? withdrawn = null, Fact? recordedNext = null)
    {
        if (!_recorded.TryGetValue(eventId, out var fact) && (fact = recordedNext?.EventId == eventId ? recordedNext : null) is null) return null;
        if (fact.Event is IMendEvent || _retractions.ContainsKey(eventId)) return null;
        return _correctionsOf.TryGetValue(eventId, out var corrections) ? corrections.Apply(fact, _retractions, withdrawn) : fact;
    }

    public static Fact Apply(EntryCorrected correction, Fact target) =>
        target with { EffectiveDate = correction.EffectiveDate ?? target.EffectiveDate, Event = correction.Replacement ?? target.Event };

    /// <summary>Effective order: first day, then last day (the more precise date first), then recording order.</summary>
    public static int Compare(Fact a, Fact b)
    {
        var c = a.EffectiveDate.Start.DayNumber.CompareTo(b.EffectiveDate.Start.DayNumber);
        if (c != 0) return c;
        c = a.EffectiveDate.End.DayNumber.CompareTo(b.EffectiveDate.End.DayNumber);
        return c != 0 ? c : a.Revision.CompareTo(b.Revision);
    }

    private int IndexOf(Fact form) => IndexOf(_ordered, form);

    /// <summary>
    /// The place of a form in <paramref name="ordered"/> (facts in effective order, <see cref="Compare"/>), or the bitwise
    /// complement of where it would go. <see cref="Ordered"/> is such a list; so is each aspect's in the read model.
    /// </summary>
    public static int IndexOf(List<Fact> ordered, Fact form)
    {
        var (lo, hi) = (0, ordered.Count - 1);
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = Compare(ordered[mid], form);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return ~lo;
    }

    /// <summary>The first place in <paramref name="ordered"/> (facts in effective order) whose first day is on or after <paramref name="dayNumber"/>.</summary>
    public static int FirstOnOrAfter(List<Fact> ordered, int dayNumber)
    {
        var (lo, hi) = (0, ordered.Count);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (ordered[mid].EffectiveDate.Start.DayNumber < dayNumber) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
