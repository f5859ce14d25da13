using System.Text.Json;
using MediatR;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries.History;

/// <summary>Every event of the relationship of A and B in recording order, with its provenance and its mends.</summary>
public sealed record GetHistory(string PartyA, string PartyB) : IRequest<IReadOnlyList<HistoryEntry>>;

/// <summary>
/// One recorded event: both times, who recorded it from which sources, its data, its place in
/// the hash chain, and the events that mend it (or the one it mends).
/// </summary>
public sealed record HistoryEntry(
    Guid EventId, string Type, int SchemaVersion, string Stream, ulong Revision, string Position,
    PartialDate EffectiveDate, DateTimeOffset RecordedAt, string RecordedBy, string? RecordedThrough, IReadOnlyList<Source> Sources,
    Guid CorrelationId, Guid CausationId, JsonElement Data, string? PreviousHash, string Hash,
    Guid? Mends, IReadOnlyList<Guid> MendedBy)
{
    public static HistoryEntry Of(LedgerEvent e, IReadOnlyList<Guid> mendedBy) => new(
        e.EventId, e.Recorded.Type, e.Envelope.SchemaVersion, e.Recorded.Stream, e.Recorded.Revision, e.Recorded.Position.ToString(),
        e.Envelope.EffectiveDate, e.RecordedAt, e.Envelope.RecordedBy, e.Envelope.RecordedThrough, e.Envelope.Sources,
        e.Envelope.CorrelationId, e.Envelope.CausationId, JsonDocument.Parse(e.Recorded.Data).RootElement.Clone(),
        e.Envelope.PreviousHash, e.Envelope.Hash, (e.Event as IMendEvent)?.Target, mendedBy);
}

public sealed class GetHistoryValidator : OneRuleValidator<GetHistory>
{
    protected override void Check(GetHistory q, OneRule<GetHistory> rule) => rule.TwoParties(nameof(q.PartyA), q.PartyA, nameof(q.PartyB), q.PartyB);
}

public sealed class GetHistoryHandler(RelationshipRepository repository) : IRequestHandler<GetHistory, IReadOnlyList<HistoryEntry>>
{
    public async Task<IReadOnlyList<HistoryEntry>> Handle(GetHistory query, CancellationToken cancellationToken)
    {
        var history = await repository.LoadAsync(RelationshipKey.Of(query.PartyA, query.PartyB), cancellationToken);
        StreamChain.ThrowIfBroken(history);
        var mends = history.Events.Where(e => e.Event is IMendEvent).ToLookup(e => ((IMendEvent)e.Event).Target, e => e.EventId, RandomisedIds.Comparer);
        return history.Events.Select(e => HistoryEntry.Of(e, mends[e.EventId].ToList())).ToList();
    }
}
