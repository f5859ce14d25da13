using MediatR;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// On any record command: load the relationship, return the earlier result if this command was
/// recorded already, decide against the timeline, and append at the revision that was read.
/// A writer that loses a race re-reads and decides again; nothing is overwritten.
/// </summary>
public sealed class RecordHandler<TCommand>(RelationshipRepository repository) : IRequestHandler<TCommand, Recorded>
    where TCommand : RecordCommand
{
    public const int MaxAttempts = 10;

    public async Task<Recorded> Handle(TCommand command, CancellationToken cancellationToken)
    {
        var (a, b) = command.Parties();
        var key = RelationshipKey.Of(a, b);
        for (var attempt = 1; ; attempt++)
        {
            var history = await repository.LoadAsync(key, cancellationToken);
            if (history.Find(command.CommandId) is { } done)
                return new(done.EventId, done.Recorded.Type, key.StreamName, done.Recorded.Revision, done.Recorded.Position, AlreadyRecorded: true);

            var e = command.ToEvent(history);
            var effective = PartialDate.Parse(command.EffectiveDate);
            var proposed = new Fact(command.CommandId, effective, DateTimeOffset.MaxValue, history.Events.Count, e);
            if (Decide.Check(history.Basis, proposed) is { } conflict)
                throw new CommandRefusedException(EventCatalogue.NameOf(e), conflict);

            try
            {
                var result = await repository.AppendAsync(history, command.CommandId, e, effective, CommandProvenance.Of(command), cancellationToken);
                return new(command.CommandId, EventCatalogue.NameOf(e), key.StreamName, result.NextExpectedRevision, result.Position, AlreadyRecorded: false);
            }
            catch (WrongExpectedRevisionException) when (attempt < MaxAttempts)
            {
                // Another writer got there first: read what it wrote and decide again.
            }
        }
    }
}

/// <summary>The command contradicts the relationship's timeline; nothing was recorded.</summary>
public sealed class CommandRefusedException(string type, Conflict conflict)
    : Exception($"{type} refused: {conflict.Message}{(conflict.ConflictingEventId is { } id ? $" (conflicting event {id})" : "")}.")
{
    public string Type { get; } = type;
    public Conflict Conflict { get; } = conflict;
}
