using MediatR;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Queries.History;

/// <summary>
/// Every event recorded under one correlation id — a batch's events, or a conversation of commands — in global order,
/// across relationships; or within the relationship of A and B when both are given. Across relationships the whole
/// log is read (there is no index of correlation ids): a question for an auditor, not for a hot path.
/// </summary>
public sealed record GetCorrelatedHistory(Guid CorrelationId, string? PartyA = null, string? PartyB = null) : IRequest<IReadOnlyList<HistoryEntry>>;

public sealed class GetCorrelatedHistoryValidator : OneRuleValidator<GetCorrelatedHistory>
{
    protected override void Check(GetCorrelatedHistory q, OneRule<GetCorrelatedHistory> rule)
    {
        rule.NotEmpty(nameof(q.CorrelationId), q.CorrelationId, "'{PropertyName}' must not be the empty id.");
        if (q.PartyA is null && q.PartyB is null) return; // every stream the batch touched
        rule.Party(nameof(q.PartyA), q.PartyA);
        rule.Party(nameof(q.PartyB), q.PartyB);
        rule.NotEqual(nameof(q.PartyB), q.PartyB, nameof(q.PartyA), q.PartyA, "'{PropertyName}' must be a different party from 'partyA'.");
    }
}

public sealed class GetCorrelatedHistoryHandler(IEventStore store, RelationshipRepository repository)
    : IRequestHandler<GetCorrelatedHistory, IReadOnlyList<HistoryEntry>>
{
    public async Task<IReadOnlyList<HistoryEntry>> Handle(GetCorrelatedHistory query, CancellationToken cancellationToken)
    {
        var streams = new List<string>();
        if (query.PartyA is not null && query.PartyB is not null)
            streams.Add(RelationshipKey.Of(query.PartyA, query.PartyB).StreamName);
        else
            await foreach (var e in store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships, cancellationToken))
                // An event that is not the ledger's has no correlation id: it is not one of the batch's (reading its stream names it).
                if (Envelope.ReadStored(e.Metadata, out _)?.CorrelationId == query.CorrelationId && !streams.Contains(e.Stream))
                    streams.Add(e.Stream);

        var entries = new List<(GlobalPosition Position, HistoryEntry Entry)>();
        foreach (var stream in streams)
        {
            if (!RelationshipKey.TryParseStream(stream, out var key)) continue;
            var history = await repository.LoadAsync(key!, cancellationToken);
            StreamChain.ThrowIfBroken(history);
            var mends = history.Events.Where(e => e.Event is IMendEvent).ToLookup(e => ((IMendEvent)e.Event).Target, e => e.EventId, RandomisedIds.Comparer);
            entries.AddRange(history.Events.Where(e => e.Envelope.CorrelationId == query.CorrelationId)
                .Select(e => (e.Recorded.Position, HistoryEntry.Of(e, mends[e.EventId].ToList()))));
        }
        return entries.OrderBy(e => e.Position).Select(e => e.Entry).ToList();
    }
}
