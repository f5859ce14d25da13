using RelationsLedger.Benchmarks.Generation;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using RelationsLedger.Projections.Relationships;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro early-mends --events N --mends M [--early-percent 10] [--party RU~US]</c>: one relationship (the longest when none
/// is named) of the generated ledger's first N events decided and recorded whole, then M mends and back-fills of facts in its first tenth (by effective date; --early-percent)
/// decided and recorded one by one as an import or a command does (<see cref="Decide.Check(DecisionBasis, Fact)"/>, then
/// <see cref="DecisionBasis.Extend"/>): date corrections by a day, retractions, and copies of an early fact back-filled a day
/// after it, in turn. Prints the thread CPU of each kind and the facts folded again (<c>RulesFold.RefoldSteps</c>) beside the
/// facts from each change's kept state to the timeline's end — what every such mend folded before round 52 of issue #16.
/// The same facts are applied to the relationship's read model (<see cref="RelationshipTimeline.Apply"/>, what a rebuild, an
/// import's and a server's live projection run for each event; the rows are not written): its thread CPU, the facts its aspects
/// folded again and the slot versions it re-cut (round 53). <c>--only decisions</c> or <c>--only read-model</c> runs one part.
/// </summary>
public static class EarlyMendsScenario
{
    public static Task RunAsync(Options o)
    {
        var (mends, early) = (o.Int("mends", 300), o.Int("early-percent", 10) / 100.0);
        var generated = LedgerGenerator.Generate(o.Spec()).Take(o.Preloaded).ToList();
        var key = o.Text("party") is { } named ? generated.First(e => e.Key.ToString() == named).Key : generated.GroupBy(e => e.Key).MaxBy(g => g.Count())!.Key;
        var recorded = generated.Where(e => e.Key == key).Select((e, i) => new Fact(e.EventId, e.EffectiveDate, DateTimeOffset.UnixEpoch.AddSeconds(i), i, e.Event)).ToList();
        var timeline = RulesTimeline(recorded);
        // Targets: facts under the rules, dated to the day, in the timeline's first tenth; each mended once.
        var targets = timeline.Take((int)(timeline.Count * early)).Where(f => f.EffectiveDate.Precision == DatePrecision.Day).ToList();
        Measure.Report("relationship", $"{key} ({recorded.Count:N0} events, {timeline.Count:N0} under the rules; {targets.Count:N0} early targets)");
        var only = o.Text("only");
        if (only is not (null or "decisions" or "read-model")) throw new ArgumentException($"--only is decisions or read-model, not '{only}'.");
        var (decisions, readModel) = (only is null or "decisions", only is null or "read-model");
        var basis = decisions ? DecisionBasis.Of(key, recorded) : null;
        var projected = readModel ? Projected(key, recorded) : null;
        var rowChange = new RowChange();
        var kinds = new[] { "date corrected by a day", "retracted", "back-filled (a copy, a day later)" };
        var (cpu, steps, toTheEnd, refused, count) = (new double[3], new long[3], new long[3], new int[3], new int[3]);
        var (modelCpu, modelSteps, recut, rows) = (new double[3], new long[3], new long[3], new long[3]);
        for (var m = 0; m < mends && m < targets.Count; m++)
        {
            var (kind, target) = (m % 3, targets[m * (targets.Count / Math.Min(mends, targets.Count))]);
            var day = PartialDate.OfDay(target.EffectiveDate.Start.AddDays(1));
            IRelationshipEvent e = kind switch
            {
                0 => new EntryCorrected(target.EventId, "bench", day, null),
                1 => new EntryRetracted(target.EventId, "bench"),
                _ => target.Event,
            };
            var fact = new Fact(Guid.NewGuid(), kind == 2 ? day : PartialDate.OfDay(new DateOnly(2030, 1, 1)), DateTimeOffset.UnixEpoch.AddSeconds(recorded.Count), recorded.Count, e);
            if (basis is null) recorded.Add(fact);
            else
            {
                var before = basis.OwnFold!.RefoldSteps; // counted
                var start = Measure.ThreadCpuMs() ?? 0;
                if (Decide.Check(basis, fact) is not null) refused[kind]++;
                recorded.Add(fact);
                basis = basis.Extend(recorded);
                cpu[kind] += (Measure.ThreadCpuMs() ?? 0) - start;
                steps[kind] += basis.OwnFold!.RefoldSteps - before; // counted
            }
            if (projected is not null)
            {
                var (folded, cut) = (projected.RefoldSteps, projected.RecutVersions);
                var start = Measure.ThreadCpuMs() ?? 0;
                var change = projected.Apply(fact, rowChange);
                modelCpu[kind] += (Measure.ThreadCpuMs() ?? 0) - start;
                (modelSteps[kind], recut[kind]) = (modelSteps[kind] + projected.RefoldSteps - folded, recut[kind] + projected.RecutVersions - cut);
                rows[kind] += change.SupersededSegments.Count + change.NewSegments.Count;
            }
            var next = RulesTimeline(recorded);
            var changed = Enumerable.Range(0, Math.Min(timeline.Count, next.Count)).FirstOrDefault(k => !Equals(timeline[k], next[k]), Math.Min(timeline.Count, next.Count));
            toTheEnd[kind] += next.Count - changed / 32 * 32;
            (timeline, count[kind]) = (next, count[kind] + 1);
        }
        for (var k = 0; k < 3; k++)
        {
            var each = Math.Max(1, count[k]);
            if (decisions)
                Measure.Report($"{count[k]:N0} {kinds[k]} ({refused[k]:N0} refused)",
                    $"{cpu[k] / each * 1e3,9:N1} µs CPU each; facts folded again {steps[k]:N0} (to the end from each change: {toTheEnd[k]:N0})");
            if (readModel)
                Measure.Report($"read model: {count[k]:N0} {kinds[k]}",
                    $"{modelCpu[k] / each * 1e3,9:N1} µs CPU each; facts folded again {modelSteps[k]:N0}; slot versions re-cut {recut[k]:N0}; rows superseded and new {rows[k]:N0}");
        }
        return Task.CompletedTask;
    }

    /// <summary>The relationship's read model in memory, every recorded fact applied in turn as a rebuild applies them.</summary>
    private static RelationshipTimeline Projected(RelationshipKey key, List<Fact> recorded)
    {
        var projected = new RelationshipTimeline(key, 1);
        var change = new RowChange();
        foreach (var fact in recorded) projected.Apply(fact, change);
        return projected;
    }

    private static IReadOnlyList<Fact> RulesTimeline(IReadOnlyList<Fact> recorded) => Timeline.Of(recorded, folds: e => !Rules.IsUnconstrained(e)).Ordered;
}
