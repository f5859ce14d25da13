using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Domain.Decisions;

/// <summary>
/// <c>decide</c> for several facts at once (a batch): every proposed fact is placed in the timeline at its
/// effective date together with the others, and the whole timeline is checked once. An on/off pair found after a
/// later change (designated again in 2021, delisted in 2025, designated again five days later) is consistent only
/// as a whole: each fact alone contradicts the record, both together do not.
/// <para>
/// Every refused fact is named, not only the first: the rules read the timeline as if the refused facts were not
/// there (a fact that breaks a rule is not folded), so one refusal does not cascade into the facts after it.
/// </para>
/// </summary>
public static class DecideTogether
{
    /// <param name="recorded">The relationship's recorded facts, in recording order.</param>
    /// <param name="proposed">The facts proposed together, in the order they would be recorded (revisions after <paramref name="recorded"/>).</param>
    /// <returns>Empty when all are accepted together; otherwise each refused fact (at most one refusal each), by index in <paramref name="proposed"/>.</returns>
    public static IReadOnlyList<Refusal> Check(RelationshipKey key, IReadOnlyList<Fact> recorded, IReadOnlyList<Fact> proposed)
    {
        var refusals = new SortedDictionary<int, Conflict>();
        var record = Timeline.Of(recorded);
        var indexOf = new Dictionary<Guid, int>(RandomisedIds.Comparer);
        for (var i = 0; i < proposed.Count; i++) indexOf.TryAdd(proposed[i].EventId, i);
        // Each target the batch's mends so far mend, and whether one of them retracts it: looked up, not searched for (a
        // run of N mends was N² to decide; round 50 of issue #16).
        var mendedBefore = new Dictionary<Guid, bool>(RandomisedIds.Comparer);
        for (var i = 0; i < proposed.Count; i++)
        {
            var e = proposed[i].Event;
            if (e.RelationshipOf() is { } own && own != key)
                refusals[i] = new($"the event belongs to relationship {own}, not {key}");
            // A mend mends what is recorded: a fact of the same batch is not recorded yet, and its mend would read a history without it.
            else if (e is IMendEvent mend && Decide.CheckMend(key, record, mend) is { } conflict)
                refusals[i] = indexOf.ContainsKey(mend.Target) ? MendOfTheSameBatch(mend.Target) : conflict;
            else if (e is IMendEvent m && mendedBefore.TryGetValue(m.Target, out var retracted) && (m is EntryRetracted || retracted))
                refusals[i] = new($"event {m.Target} is mended by another command of this batch already; retract or correct it once");
            if (e is IMendEvent any)
                mendedBefore[any.Target] = mendedBefore.GetValueOrDefault(any.Target) || any is EntryRetracted;
        }

        var admitted = proposed.Where((_, i) => !refusals.ContainsKey(i)).ToList();
        var before = Decide.Contradictions(key, record.Ordered).Select(c => c.Fact.EventId).ToHashSet(RandomisedIds.Comparer);
        var all = recorded.Concat(admitted).ToList();
        var timeline = Timeline.Resolve(all);

        IReadOnlyList<Fact>? rulesTimeline = null; // made once, for the hints of every refused fact
        foreach (var (fact, conflict) in Decide.Contradictions(key, timeline).Where(c => !before.Contains(c.Fact.EventId)))
        {
            if (indexOf.TryGetValue(fact.EventId, out var own))
            {
                refusals.TryAdd(own, Decide.WithOrderHintOn(key, conflict, rulesTimeline ??= Decide.RulesTimeline(all), fact));
                continue;
            }
            // A recorded fact that the batch made contradictory: blame the proposed fact that mends it, else the one
            // placed nearest before it in the timeline (the state it reads was changed there), else the first.
            var blamed = MenderOf(fact.EventId, proposed, refusals) ?? NearestBefore(timeline, fact, indexOf) ?? FirstAdmitted(proposed.Count, refusals);
            if (blamed is { } at)
                refusals.TryAdd(at, new($"it would contradict {fact.Type} {fact.EventId} (effective {fact.EffectiveDate}): {conflict.Message}", fact.EventId));
        }
        return refusals.Select(r => new Refusal(r.Key, r.Value)).ToList();
    }

    /// <summary>
    /// A mend of a fact proposed with it: refused, as every unrecorded target is, but saying that the target is in the batch
    /// (before, "is not in relationship …" of an event the batch itself holds, or — a correction of fields, which is made on
    /// the target as recorded and so had none — "it changes nothing").
    /// </summary>
    private static Conflict MendOfTheSameBatch(Guid target) =>
        new($"event {target} is a command of this same batch, not recorded yet: a mend mends what is recorded before its batch " +
            "(a correction is made on the event as recorded). Record the event as it should read, or record the mend in a later batch", target);

    private static int? MenderOf(Guid target, IReadOnlyList<Fact> proposed, SortedDictionary<int, Conflict> refused)
    {
        for (var i = proposed.Count - 1; i >= 0; i--)
            if (!refused.ContainsKey(i) && proposed[i].Event is IMendEvent m && m.Target == target) return i;
        return null;
    }

    private static int? NearestBefore(IReadOnlyList<Fact> timeline, Fact contradicted, Dictionary<Guid, int> indexOf)
    {
        int? nearest = null;
        foreach (var fact in timeline)
        {
            if (fact.EventId == contradicted.EventId) break;
            if (indexOf.TryGetValue(fact.EventId, out var i)) nearest = i;
        }
        return nearest;
    }

    private static int? FirstAdmitted(int count, SortedDictionary<int, Conflict> refused) =>
        Enumerable.Range(0, count).Cast<int?>().FirstOrDefault(i => !refused.ContainsKey(i!.Value));
}
