using BenchmarkDotNet.Attributes;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Benchmarks.Micro;

/// <summary>
/// The domain's work per command and per query on a 10,000-event relationship: resolving the timeline,
/// folding it, and deciding one more fact the full way and with <see cref="DecisionBasis"/>.
/// <c>--filter '*DomainBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class DomainBenchmarks
{
    private List<Fact> _recorded = [];
    private IReadOnlyList<Fact> _timeline = [];
    private DecisionBasis _basis = null!;
    private Fact _proposed = null!;

    [Params(10_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _recorded = LongRelationship.Facts(Events);
        _timeline = Timeline.Resolve(_recorded);
        _basis = DecisionBasis.Of(LongRelationship.Key, _recorded);
        var (a, b) = (LongRelationship.Key.First.Value, LongRelationship.Key.Second.Value);
        _proposed = new Fact(Guid.NewGuid(), _timeline[^1].EffectiveDate, DateTimeOffset.MaxValue, _recorded.Count,
            new StatementMade(a, b, "President", Stance.Neutral, "A statement."));
    }

    [Benchmark]
    public IReadOnlyList<Fact> ResolveTimeline() => Timeline.Resolve(_recorded);

    [Benchmark]
    public RelationshipState FoldTimeline() => Fold.FoldAll(RelationshipState.Initial(LongRelationship.Key), _timeline);

    [Benchmark]
    public RelationshipState StateAsOfToday() => Timeline.StateAsOf(LongRelationship.Key, _recorded, new DateOnly(2025, 6, 30));

    [Benchmark(Baseline = true)]
    public Conflict? DecideFullFold() => Decide.Check(LongRelationship.Key, _recorded, _proposed);

    [Benchmark]
    public Conflict? DecideWithBasis() => Decide.Check(_basis, _proposed);

    [Benchmark]
    public DecisionBasis BuildBasis() => DecisionBasis.Of(LongRelationship.Key, _recorded);
}
