using MediatR;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Queries.Timelines;

/// <summary>
/// The relationship of A and B drawn over effective time, as the ledger knew it at a moment (null: now): one lane
/// per kind of item and identity, spans and points with the events that started and ended them, the moments its
/// record changed (for a known-at control) and every event with its provenance. Answered by replaying the stream
/// through the timeline engine and the fold, so it needs nothing from the read models.
/// </summary>
public sealed record GetRelationshipTimeline(string PartyA, string PartyB, DateTimeOffset? KnownAt = null) : IRequest<RelationshipTimelineView>, IKnownAtQuestion;

public sealed class GetRelationshipTimelineValidator(LedgerNow ledger) : OneRuleValidator<GetRelationshipTimeline>
{
    protected override void Check(GetRelationshipTimeline q, OneRule<GetRelationshipTimeline> rule)
    {
        rule.TwoParties(nameof(q.PartyA), q.PartyA, nameof(q.PartyB), q.PartyB);
        QueryRules.KnownAtNotToCome(ledger, q, rule);
    }
}

public sealed class GetRelationshipTimelineHandler(RelationshipRepository repository) : IRequestHandler<GetRelationshipTimeline, RelationshipTimelineView>
{
    public async Task<RelationshipTimelineView> Handle(GetRelationshipTimeline query, CancellationToken cancellationToken)
    {
        var key = RelationshipKey.Of(query.PartyA, query.PartyB);
        var history = await repository.LoadAsync(key, cancellationToken);
        StreamChain.ThrowIfBroken(history);
        var known = history.Events.Where(e => query.KnownAt is null || e.RecordedAt <= query.KnownAt).ToList();
        var timeline = Timeline.Of(known.Select(e => e.ToFact()), query.KnownAt);

        var mendedBy = known.Where(e => e.Event is IMendEvent).ToLookup(e => ((IMendEvent)e.Event).Target, e => e, RandomisedIds.Comparer);
        var retracted = known.Where(e => e.Event is EntryRetracted).Select(e => ((EntryRetracted)e.Event).Target).ToHashSet(RandomisedIds.Comparer);
        var events = known.Select(e => TimelineEvent.Of(e, timeline.FormOf(e.EventId)?.EffectiveDate,
            mendedBy[e.EventId].Select(m => m.EventId).ToList(),
            corrected: mendedBy[e.EventId].Any(m => m.Event is EntryCorrected && !retracted.Contains(m.EventId)),
            retracted: retracted.Contains(e.EventId))).ToList();

        // Every moment the record changed, whatever the known-at: the positions of a known-at control.
        var moments = history.Events.Select(e => e.RecordedAt).Distinct().Order().ToList();
        return new RelationshipTimelineView(key.ToString(), key.StreamName, key.First.Value, key.Second.Value, query.KnownAt,
            TimelineLanes.Of(key, timeline.Ordered), moments, events,
            history.Count == 0 ? null : history.Events[^1].Recorded.Position.ToString());
    }
}
