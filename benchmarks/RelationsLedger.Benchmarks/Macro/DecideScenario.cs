using RelationsLedger.Benchmarks.Generation;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro decide --longest N</c>: one generated relationship of N events decided fact by fact as an import decides its
/// lines (<see cref="Decide.Check(DecisionBasis, Fact)"/> on the basis, then <see cref="DecisionBasis.Extend"/> with the
/// fact), over its first N/8, N/4, N/2 and N events. Prints the thread CPU per fact, split between the facts that reorder
/// the timeline the rules read (a mend of a fact under the rules — here a designation's reference corrected — or a
/// back-filled fact) and the rest: the first grow with the record's length when a fold is whole (round 47 of issue #16).
/// </summary>
public static class DecideScenario
{
    public static Task RunAsync(Options o)
    {
        var longest = o.Int("longest", 24_000);
        var rounds = o.Int("rounds", 3);
        var spec = new LedgerSpec(Seed: o.Int("seed", 7), Events: longest + longest / 5, Relationships: 20, LongRelationships: 1, LongestEvents: longest);
        var events = LedgerGenerator.Generate(spec);
        var key = events.GroupBy(e => e.Key).MaxBy(g => g.Count())!.Key;
        var facts = events.Where(e => e.Key == key).Select((e, i) => new Fact(e.EventId, e.EffectiveDate, DateTimeOffset.UnixEpoch.AddSeconds(i), i, e.Event)).ToList();
        Measure.Report("relationship", $"{key} ({facts.Count:N0} events)");
        foreach (var n in new[] { facts.Count / 8, facts.Count / 4, facts.Count / 2, facts.Count })
        {
            var runs = Enumerable.Range(0, rounds).Select(_ => Run(key, facts.Take(n).ToList())).OrderBy(r => r.Reordering + r.Others).ToList();
            var (reordering, rest, count) = runs[runs.Count / 2];
            Measure.Report($"first {n:N0}: reordering facts ({count:N0})", $"{reordering / Math.Max(1, count) * 1e3,10:N1} µs each, {reordering:N0} ms in all (median of {rounds})");
            Measure.Report($"first {n:N0}: the other facts ({n - count:N0})", $"{rest / Math.Max(1, n - count) * 1e3,10:N2} µs each, {rest:N0} ms in all");
        }
        return Task.CompletedTask;
    }

    private static (double Reordering, double Others, int Count) Run(Domain.Parties.RelationshipKey key, List<Fact> facts)
    {
        var recorded = new List<Fact>();
        var basis = DecisionBasis.Of(key, recorded);
        var (reordering, rest, count) = (0.0, 0.0, 0);
        PartialDate? last = null;
        var constrained = new HashSet<Guid>();
        foreach (var fact in facts)
        {
            var reorders = fact.Event is IMendEvent mend ? constrained.Contains(mend.Target) : !Rules.IsUnconstrained(fact.Event) && last is { } l && fact.EffectiveDate < l;
            var before = Measure.ThreadCpuMs() ?? 0;
            _ = Decide.Check(basis, fact);
            recorded.Add(fact);
            basis = basis.Extend(recorded);
            var spent = (Measure.ThreadCpuMs() ?? 0) - before;
            if (reorders) (reordering, count) = (reordering + spent, count + 1);
            else rest += spent;
            if (fact.Event is IMendEvent || Rules.IsUnconstrained(fact.Event)) continue;
            constrained.Add(fact.EventId);
            if (last is not { } at || fact.EffectiveDate > at) last = fact.EffectiveDate;
        }
        return (reordering, rest, count);
    }
}
