using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// The link between a command and the event it records, both ways and checked by the compiler:
/// <c>ToEvent</c> makes the event, <see cref="From"/> makes the command that would have recorded an
/// event (its fields; provenance comes from the envelope). The import and the benchmarks go through it
/// (<see cref="CommandCatalogue"/>); a test walks the event catalogue to see every event has one command.
/// </summary>
public interface IRecords<TSelf, TEvent>
    where TSelf : RecordCommand<TEvent>, IRecords<TSelf, TEvent>
    where TEvent : class, IRelationshipEvent
{
    static abstract TSelf From(TEvent e, RelationshipKey key);
}
