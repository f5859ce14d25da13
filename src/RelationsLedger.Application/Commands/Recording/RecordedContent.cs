using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// Whether a command is the one an already recorded event came from. A retried command finds its
/// event by id and is answered "already recorded"; a client that reuses an id (or an idempotency
/// key) for a <em>different</em> command is refused instead, whatever the entry point. The event's own
/// hash — over its type, data, effective date and provenance, chained to the previous event — is the
/// fingerprint: seal the command as it would have been recorded, on the same previous hash, and compare.
/// Nothing extra is stored, and the answer survives restarts on any store.
/// </summary>
public static class RecordedContent
{
    public static bool Matches(RecordCommand command, RelationshipHistory history, LedgerEvent recorded, CommandValidators validators)
    {
        // Made on the history the event was decided on: a correction's changed fields apply to the target as it read then,
        // not as later corrections have made it since.
        var e = validators.EventOf(command, Before(history, recorded));
        // A mend recorded without a date took the day it was recorded; its retry, another day, means the same.
        var effective = string.IsNullOrEmpty(command.EffectiveDate) && command.EffectiveTodayByDefault ? recorded.Envelope.EffectiveDate : PartialDate.Parse(command.EffectiveDate);
        var (_, hash) = RelationshipRepository.Seal(recorded.Recorded.Stream, recorded.EventId, e, effective, CommandProvenance.Of(command), recorded.Envelope.PreviousHash);
        return string.Equals(hash, recorded.Envelope.Hash, StringComparison.Ordinal);
    }

    private static RelationshipHistory Before(RelationshipHistory history, LedgerEvent recorded) =>
        new(history.Key, history.Events.TakeWhile(e => e.EventId != recorded.EventId).ToList());

    /// <summary>The answer to a command whose id is recorded already: "already recorded", or refused when the content differs.</summary>
    public static Recorded Earlier(RecordCommand command, RelationshipHistory history, LedgerEvent recorded, CommandValidators validators) =>
        Matches(command, history, recorded, validators)
            ? new(recorded.EventId, recorded.Recorded.Type, recorded.Recorded.Stream, recorded.Recorded.Revision, recorded.Recorded.Position, AlreadyRecorded: true)
            : throw new CommandIdReusedException(command.CommandId, recorded.Recorded.Stream, recorded.Recorded.Revision,
                CorrelationOnly(command, history, recorded, validators) ?? ThroughOnly(command, history, recorded, validators));

    /// <summary>
    /// Said when the command is the recorded one but for the API key it came through (<c>recordedThrough</c>): the ledger keeps
    /// which key recorded each event, so the same id from another key, or from the command line, is another submission and is
    /// refused. Without this, a client retrying through the CLI what its HTTP call recorded was told it was "a different command".
    /// </summary>
    private static string? ThroughOnly(RecordCommand command, RelationshipHistory history, LedgerEvent recorded, CommandValidators validators)
    {
        var was = recorded.Envelope.RecordedThrough;
        if (command.RecordedThrough == was || !Matches(command with { RecordedThrough = was }, history, recorded, validators)) return null;
        return $"The other content is only the API key: it was recorded {Door(was)}, and this one comes {Door(command.RecordedThrough)}; the " +
            "ledger keeps which key recorded each event, so the same id from elsewhere is another submission. The command is recorded: there is nothing to retry.";
    }

    private static string Door(string? key) => key is null ? "from the command line (through no API key)" : $"through API key '{key}'";

    /// <summary>
    /// Said when the command is the recorded one but for its correlation id: a batch that gives none takes its first command's
    /// id, so the same commands sent in another order (or one of them alone) are given another one, and every recorded value
    /// but that is what the client sent before. Without this, a client retrying exactly what it sent was told "other content".
    /// </summary>
    private static string? CorrelationOnly(RecordCommand command, RelationshipHistory history, LedgerEvent recorded, CommandValidators validators)
    {
        var (given, was) = (command.CorrelationId ?? command.CommandId, recorded.Envelope.CorrelationId);
        if (given == was || !Matches(command with { CorrelationId = was }, history, recorded, validators)) return null;
        return $"It differs only in its correlation id: it was recorded with {was:D}, and this one gives {given:D} (a batch that gives no " +
            $"correlationId takes its first command's id, so the same commands in another order are given another one). Retry it with correlationId {was:D}.";
    }
}
