using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Storage;

/// <summary>Everything recorded in one relationship's stream, in recording order.</summary>
public sealed record RelationshipHistory(RelationshipKey Key, IReadOnlyList<LedgerEvent> Events)
{
    public ExpectedRevision Expected => ExpectedRevision.After(Events.Count == 0 ? null : Events[^1].Recorded.Revision);

    public string? LastHash => Events.Count == 0 ? null : Events[^1].Envelope.Hash;

    public IReadOnlyList<Fact> Facts => Events.Select(e => e.ToFact()).ToList();

    public LedgerEvent? Find(Guid eventId) => Events.FirstOrDefault(e => e.EventId == eventId);
}

/// <summary>Who recorded an event, from which sources, and in which conversation of messages.</summary>
public sealed record Provenance(string RecordedBy, IReadOnlyList<Source> Sources, Guid CorrelationId, Guid CausationId);

/// <summary>Loads and appends relationship streams, sealing each event into the stream's hash chain.</summary>
public sealed class RelationshipRepository(IEventStore store)
{
    private const int PageSize = 4096;

    public async Task<RelationshipHistory> LoadAsync(RelationshipKey key, CancellationToken ct = default)
    {
        var events = new List<LedgerEvent>();
        ulong? from = null;
        while (true)
        {
            var page = 0;
            await foreach (var recorded in store.ReadStreamAsync(key.StreamName, ReadDirection.Forwards, from, PageSize, ct))
            {
                events.Add(LedgerEvent.Decode(recorded));
                page++;
            }
            if (page < PageSize) return new(key, events);
            from = events[^1].Recorded.Revision + 1;
        }
    }

    public Task<AppendResult> AppendAsync(
        RelationshipHistory history, Guid eventId, IRelationshipEvent e, PartialDate effectiveDate, Provenance provenance, CancellationToken ct = default)
    {
        var (data, _) = Seal(history.Key.StreamName, eventId, e, effectiveDate, provenance, history.LastHash);
        return store.AppendAsync(history.Key.StreamName, history.Expected, [data], ct);
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
