using RelationsLedger.Benchmarks.Generation;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Benchmarks.Micro;

/// <summary>A generated relationship of about 10,000 events, as facts in recording order (shared by the micro-benchmarks).</summary>
public static class LongRelationship
{
    private static readonly Lazy<(RelationshipKey Key, List<GeneratedEvent> Events)> Generated = new(() =>
    {
        var spec = new LedgerSpec(Seed: 7, Events: 12_000, Relationships: 20, LongRelationships: 1, LongestEvents: 10_000);
        var events = LedgerGenerator.Generate(spec);
        var key = events.GroupBy(e => e.Key).MaxBy(g => g.Count())!.Key;
        return (key, events.Where(e => e.Key == key).ToList());
    });

    public static RelationshipKey Key => Generated.Value.Key;

    public static IReadOnlyList<GeneratedEvent> Events => Generated.Value.Events;

    public static List<Fact> Facts(int count) =>
        Events.Take(count).Select((e, i) => new Fact(e.EventId, e.EffectiveDate, DateTimeOffset.UnixEpoch.AddSeconds(i), i, e.Event)).ToList();
}
