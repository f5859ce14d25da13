using System.Text.Json;
using MediatR;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Audit.Trail;

public sealed class GetAuditTrailHandler(RelationshipRepository repository) : IRequestHandler<GetAuditTrail, AuditTrail>
{
    public async Task<AuditTrail> Handle(GetAuditTrail query, CancellationToken cancellationToken)
    {
        var key = RelationshipKey.Of(query.PartyA, query.PartyB);
        var history = await repository.LoadAsync(key, cancellationToken);
        StreamChain.ThrowIfBroken(history);
        var known = history.Events.Where(e => query.KnownAt is null || e.RecordedAt <= query.KnownAt).ToList();

        // Back-filled events land in the timeline at their effective date, so "before" and "after"
        // are whole records as known just before and after recording — over every effective date.
        var record = new KnownRecord(key);
        var entries = new List<AuditEntry>(known.Count);
        foreach (var e in known) entries.Add(Entry(e, record.Record(e.ToFact())));
        return new(key.ToString(), key.StreamName, query.KnownAt, entries);
    }

    private static AuditEntry Entry(LedgerEvent e, IReadOnlyList<StateChange> changes) => new(
        e.Recorded.Revision, e.Recorded.Position.ToString(), e.EventId, e.Recorded.Type, e.Envelope.EffectiveDate,
        e.RecordedAt, e.Recorded.RecordedAt, e.Envelope.RecordedBy, e.Envelope.RecordedThrough, e.Envelope.Sources, e.Envelope.CorrelationId, e.Envelope.CausationId,
        (e.Event as IMendEvent)?.Target, JsonDocument.Parse(e.Recorded.Data).RootElement.Clone(), e.Envelope.PreviousHash, e.Envelope.Hash, changes);
}
