using RelationsLedger.Application.Storage;
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

    /// <summary>The relationship's first designation: the event the encoding and import benchmarks work on.</summary>
    public static GeneratedEvent FirstDesignation => Events.First(e => e.Event is DesignationImposed);

    /// <summary><see cref="FirstDesignation"/> sealed onto a previous event and handed back as a store reads it.</summary>
    public static RecordedEvent StoredDesignation()
    {
        var e = FirstDesignation;
        var (data, _) = RelationshipRepository.Seal(e.Key.StreamName, e.EventId, e.Event, e.EffectiveDate, e.Provenance, new string('a', 64));
        return new RecordedEvent(e.EventId, e.Key.StreamName, 42, GlobalPosition.Of(4242), data.Type, data.Data, data.Metadata, DateTimeOffset.UtcNow);
    }
}
