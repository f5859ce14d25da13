using MediatR;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// On any record command: load the relationship; if the command's id is recorded already, answer
/// "already recorded" when it is the same command and refuse it when it is not; else decide against the
/// timeline and append at the revision that was read. A writer that loses a race re-reads and decides
/// again (<see cref="LostRaces"/>); nothing is overwritten. Every entry point (CLI, HTTP, batch, import of commands) goes through here.
/// </summary>
public sealed class RecordHandler<TCommand>(RelationshipRepository repository, CommandValidators validators, TimeProvider clock) : IRequestHandler<TCommand, Recorded>
    where TCommand : RecordCommand
{
    public async Task<Recorded> Handle(TCommand command, CancellationToken cancellationToken)
    {
        var (a, b) = command.Parties();
        var key = RelationshipKey.Of(a, b);
        var effective = command.EffectiveOn(clock);
        WriteTurns.Turn? turn = null; // taken after LostRaces.TakeTurnAfter lost races
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (attempt == LostRaces.TakeTurnAfter + 1) turn = await repository.TakeTurnAsync([key], cancellationToken);
                var history = await repository.LoadAsync(key, cancellationToken);
                if (history.Find(command.CommandId) is { } done)
                    return RecordedContent.Earlier(command, history, done, validators);

                var e = validators.EventOf(command, history);
                var proposed = new Fact(command.CommandId, effective, DateTimeOffset.MaxValue, history.Events.Count, e);
                if ((MendGuards.Check(history.Basis, [], proposed) ?? Decide.Check(history.Basis, proposed)) is { } conflict)
                    throw new CommandRefusedException(EventCatalogue.NameOf(e), conflict);

                try
                {
                    var result = await repository.AppendAsync(history, command.CommandId, e, effective, CommandProvenance.Of(command), turn, cancellationToken);
                    if (!result.Repeated)
                        return new(command.CommandId, EventCatalogue.NameOf(e), key.StreamName, result.NextExpectedRevision, result.Position, AlreadyRecorded: false);
                    // Another writer recorded this id between our read and our append: it must be this very command. Read whatever
                    // the caller's cancellation: the append is done, and the caller is told what is recorded, not "cancelled".
                    var now = await repository.LoadAsync(key, CancellationToken.None);
                    return RecordedContent.Earlier(command, now, now.Find(command.CommandId)
                        ?? throw new InvalidOperationException($"The store answered an append of {command.CommandId} as a repeat, but the event is not in {key.StreamName}."), validators);
                }
                catch (WrongExpectedRevisionException lost)
                {
                    // Another writer got there first: read what it wrote and decide again.
                    if (attempt == LostRaces.MaxAttempts) throw LostRaces.GaveUp(lost);
                    await LostRaces.PauseAsync(attempt, cancellationToken);
                }
                catch (DuplicateEventException d)
                {
                    throw new CommandIdReusedException(command.CommandId, d.Stream, null);
                }
            }
        }
        finally
        {
            turn?.Dispose(); // the writers of this process that waited for it go on
        }
    }
}
