using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// Whether a command is the one an already recorded event came from. A retried command finds its
/// event by id and is answered "already recorded"; a client that reuses an id (or an idempotency
/// key) for a <em>different</em> command must be told instead. The event's own hash — over its type,
/// data, effective date and provenance, chained to the previous event — is the fingerprint: seal the
/// command as it would have been recorded, on the same previous hash, and compare. Nothing extra is
/// stored, and the answer survives restarts on any store.
/// </summary>
public static class RecordedContent
{
    public static bool Matches(RecordCommand command, RelationshipHistory history, LedgerEvent recorded)
    {
        var e = command.ToEvent(history);
        var (_, hash) = RelationshipRepository.Seal(recorded.Recorded.Stream, recorded.EventId, e,
            PartialDate.Parse(command.EffectiveDate), CommandProvenance.Of(command), recorded.Envelope.PreviousHash);
        return string.Equals(hash, recorded.Envelope.Hash, StringComparison.Ordinal);
    }
}
