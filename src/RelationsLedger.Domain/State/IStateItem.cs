using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>An item of a relationship's state (a designation, a mission, an engagement…): it names the event that put it there.</summary>
public interface IStateItem
{
    Guid EventId { get; }
}
