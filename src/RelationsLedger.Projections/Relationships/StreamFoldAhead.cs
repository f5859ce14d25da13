using System.Runtime.ExceptionServices;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// A relationship's events folded on a bulk load's decoder thread (<see cref="IStreamFold"/>): the timeline the applying side
/// would make, event by event, and for each event the rows it retired (<see cref="FoldedEvent"/>); the applying side writes the
/// rows (<see cref="RelationshipsProjection.ApplyFolded"/>). It folds only while each event is one the applying side would fold
/// onto the same timeline with nothing else to decide: the stream begins at revision 0 (a relationship whole in the log, met
/// first here) and each event chains onto the one before (<see cref="LedgerEvent.Envelope"/>'s previous hash). At the first
/// event that is not so — or one not decoded, which the decoder does not give it — it stops, and that event and the stream's
/// rest are applied by <see cref="RelationshipsProjection.ApplyAsync"/> onto the timeline as far as it was folded, as they
/// were before: a stream read again, events passed over, a record not whole are that method's.
/// </summary>
internal sealed class StreamFoldAhead(RelationshipKey key) : IStreamFold
{
    private RelationshipTimeline? _timeline;
    private readonly RowChange _change = new();
    private bool _failed;

    public object? Fold(LedgerEvent e)
    {
        if (_failed) return null;
        if (_timeline is null)
        {
            if (e.Recorded.Revision != 0) return null;
            _timeline = new RelationshipTimeline(key, relationshipId: 0); // its row's id: given where the row is written
        }
        else if (!string.Equals(e.Envelope.PreviousHash, _timeline.HeadHash, StringComparison.Ordinal)) return null;
        var timeline = _timeline;
        try
        {
            var size = timeline.FoldIn(e, _change); // as RelationshipsProjection.ApplyAsync folds it
            return new FoldedEvent(timeline, size, e.RecordedAt.UtcTicks,
                _change.SupersededSegments.Count == 0 ? null : [.. _change.SupersededSegments],
                _change.SupersededFacts.Count == 0 ? null : [.. _change.SupersededFacts]);
        }
        catch (Exception error)
        {
            // Raised where the event is applied, as if folded there; nothing after it is folded (the load stops at it).
            _failed = true;
            return new FoldedEvent(timeline, 0, 0, null, null) { Failure = ExceptionDispatchInfo.Capture(error) };
        }
    }
}

/// <summary>
/// An event folded ahead: the timeline it was folded onto (the stream's, the same object for each of its events), what it adds to
/// the memory that holds it, the time it was recorded, and the rows it retired; or the failure its fold raised.
/// </summary>
internal sealed class FoldedEvent(RelationshipTimeline timeline, long size, long at, Segment[]? retiredSegments, FactRow[]? retiredFacts)
{
    public RelationshipTimeline Timeline { get; } = timeline;
    public long Size { get; } = size;
    public long At { get; } = at;
    public Segment[]? RetiredSegments { get; } = retiredSegments;
    public FactRow[]? RetiredFacts { get; } = retiredFacts;
    public ExceptionDispatchInfo? Failure { get; init; }
}
