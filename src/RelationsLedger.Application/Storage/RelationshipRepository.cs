using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Storage;

/// <summary>Everything recorded in one relationship's stream, in recording order.</summary>
public sealed record RelationshipHistory(RelationshipKey Key, IReadOnlyList<LedgerEvent> Events)
{
    private readonly IReadOnlyList<Fact>? _facts;
    private readonly DecisionBasis? _previousBasis;
    private readonly Func<Guid, int?>? _index;
    private DecisionBasis? _basis;

    /// <summary>A cached history: facts decoded once, the basis of a shorter history to extend, an index of event ids.</summary>
    internal RelationshipHistory(RelationshipKey key, IReadOnlyList<LedgerEvent> events, IReadOnlyList<Fact> facts, DecisionBasis? previousBasis, Func<Guid, int?> index)
        : this(key, events) => (_facts, _previousBasis, _index) = (facts, previousBasis, index);

    public int Count => Events.Count;

    public ExpectedRevision Expected => ExpectedRevision.After(Events.Count == 0 ? null : Events[^1].Recorded.Revision);

    public string? LastHash => Events.Count == 0 ? null : Events[^1].Envelope.Hash;

    public IReadOnlyList<Fact> Facts => _facts ?? Events.Select(e => e.ToFact()).ToList();

    /// <summary>What a decision needs to know about this history; built once, or extended from a shorter history's.</summary>
    public DecisionBasis Basis => _basis ??= _previousBasis?.Extend(Facts) ?? DecisionBasis.Of(Key, Facts);

    internal DecisionBasis? BasisIfBuilt => _basis ?? _previousBasis;

    public LedgerEvent? Find(Guid eventId) =>
        _index is not null
            ? _index(eventId) is { } i && i < Events.Count ? Events[i] : null
            : Events.FirstOrDefault(e => e.EventId == eventId);
}

/// <summary>Who recorded an event, from which sources, and in which conversation of messages.</summary>
public sealed record Provenance(string RecordedBy, IReadOnlyList<Source> Sources, Guid CorrelationId, Guid CausationId);

/// <summary>Loads and appends relationship streams, sealing each event into the stream's hash chain.</summary>
public sealed class RelationshipRepository(IEventStore store, HistoryCache? cache = null)
{
    private const int PageSize = 4096;

    /// <summary>The whole stream: what the cache holds, then everything recorded after it, read and decoded.</summary>
    public async Task<RelationshipHistory> LoadAsync(RelationshipKey key, CancellationToken ct = default)
    {
        var history = cache?.Get(key) ?? new RelationshipHistory(key, []);
        var tail = new List<LedgerEvent>();
        ulong? from = history.Count == 0 ? null : history.Events[^1].Recorded.Revision + 1;
        while (true)
        {
            var page = 0;
            await foreach (var recorded in store.ReadStreamAsync(key.StreamName, ReadDirection.Forwards, from, PageSize, ct))
            {
                tail.Add(LedgerEvent.Decode(recorded));
                page++;
            }
            if (page < PageSize) break;
            from = tail[^1].Recorded.Revision + 1;
        }
        if (tail.Count == 0) return history;
        return cache is not null ? cache.Extend(history, tail) : new(key, [.. history.Events, .. tail]);
    }

    public Task<AppendResult> AppendAsync(
        RelationshipHistory history, Guid eventId, IRelationshipEvent e, PartialDate effectiveDate, Provenance provenance, CancellationToken ct = default)
    {
        var (data, _) = Seal(history.Key.StreamName, eventId, e, effectiveDate, provenance, history.LastHash);
        return store.AppendAsync(history.Key.StreamName, history.Expected, [data], ct);
    }

    /// <summary>
    /// Appends several events to each of several relationships at once: each relationship's events sealed in order
    /// onto its chain, at the revision its history was read at, in one <see cref="IEventStore.AppendManyAsync"/> —
    /// all or nothing on a store that <see cref="IEventStore.AppendsAtomicallyAcrossStreams"/>, else each relationship's part atomic.
    /// </summary>
    public Task<IReadOnlyList<AppendResult>> AppendManyAsync(
        IReadOnlyList<(RelationshipHistory History, IReadOnlyList<PendingEvent> Events)> parts, CancellationToken ct = default)
    {
        var appends = new List<StreamAppend>(parts.Count);
        foreach (var (history, events) in parts)
        {
            var previous = history.LastHash;
            var data = new List<EventData>(events.Count);
            foreach (var e in events)
            {
                var (sealedEvent, hash) = Seal(history.Key.StreamName, e.EventId, e.Event, e.EffectiveDate, e.Provenance, previous);
                data.Add(sealedEvent);
                previous = hash;
            }
            appends.Add(new StreamAppend(history.Key.StreamName, history.Expected, data));
        }
        return store.AppendManyAsync(appends, ct);
    }

    /// <summary>
    /// The stored form of one event: its data and its envelope, chained to <paramref name="previousHash"/>.
    /// Bulk writers (imports, benchmark set-up) seal with this too, so every path writes the same chain.
    /// </summary>
    public static (EventData Data, string Hash) Seal(
        string stream, Guid eventId, IRelationshipEvent e, PartialDate effectiveDate, Provenance provenance, string? previousHash)
    {
        var entry = EventCatalogue.Of(e);
        var data = EventJson.SerializeData(e);
        var hash = EventHash.Compute(stream, eventId, entry.Name, entry.Version, effectiveDate, provenance.RecordedBy,
            provenance.Sources, provenance.CorrelationId, provenance.CausationId, data, previousHash);
        var envelope = new Envelope(entry.Version, effectiveDate, provenance.RecordedBy, provenance.Sources,
            provenance.CorrelationId, provenance.CausationId, previousHash, hash);
        return (new EventData(eventId, entry.Name, data, envelope.Serialize()), hash);
    }
}
