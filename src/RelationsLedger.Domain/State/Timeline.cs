using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>
/// Turns the recorded events of a relationship (in recording order) into the timeline the fold
/// reads: only what was recorded by <c>knownAt</c>, mends applied, in effective-date order.
/// </summary>
public static class Timeline
{
    /// <summary>
    /// Applies the corrections and retractions recorded by <paramref name="knownAt"/> (all when null)
    /// and orders the remaining facts by effective date, then by recording order.
    /// </summary>
    public static IReadOnlyList<Fact> Resolve(IEnumerable<Fact> recorded, DateTimeOffset? knownAt = null)
    {
        var known = recorded.Where(f => knownAt is null || f.RecordedAt <= knownAt).OrderBy(f => f.Revision).ToList();
        var retracted = known.Select(f => f.Event).OfType<EntryRetracted>().Select(r => r.Target).ToHashSet();
        var facts = known.Where(f => f.Event is not IMendEvent && !retracted.Contains(f.EventId)).ToDictionary(f => f.EventId);
        foreach (var fact in known.Where(f => f.Event is EntryCorrected && !retracted.Contains(f.EventId)))
        {
            var correction = (EntryCorrected)fact.Event;
            if (facts.TryGetValue(correction.Target, out var target))
                facts[correction.Target] = Apply(correction, target);
        }
        return InEffectiveOrder(facts.Values);
    }

    public static Fact Apply(EntryCorrected correction, Fact target) =>
        target with { EffectiveDate = correction.EffectiveDate ?? target.EffectiveDate, Event = correction.Replacement ?? target.Event };

    public static IReadOnlyList<Fact> InEffectiveOrder(IEnumerable<Fact> facts) =>
        facts.OrderBy(f => OrderKey(f.EffectiveDate)).ThenBy(f => f.Revision).ToList();

    /// <summary>
    /// <see cref="PartialDate.CompareTo"/> as one number (first day, then last day), computed once per
    /// fact: comparing partial dates works both days out on every comparison, which made sorting a long
    /// relationship's timeline the larger half of resolving it.
    /// </summary>
    private static long OrderKey(PartialDate date) => ((long)date.Start.DayNumber << 32) | (uint)date.End.DayNumber;

    /// <summary>The facts that may have taken effect on or before <paramref name="asOf"/>.</summary>
    public static IEnumerable<Fact> Until(IEnumerable<Fact> ordered, DateOnly asOf) =>
        ordered.TakeWhile(f => f.EffectiveDate.PossiblyOnOrBefore(asOf));

    /// <summary>The state as of a date, as the ledger knew it at <paramref name="knownAt"/> (now when null).</summary>
    public static RelationshipState StateAsOf(RelationshipKey key, IEnumerable<Fact> recorded, DateOnly asOf, DateTimeOffset? knownAt = null) =>
        Fold.FoldAll(RelationshipState.Initial(key), Until(Resolve(recorded, knownAt), asOf));
}
