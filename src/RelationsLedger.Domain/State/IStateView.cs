using RelationsLedger.Domain.Aspects;

namespace RelationsLedger.Domain.State;

/// <summary>Something that shows a relationship's state as of a day (the answer to "what was the state on D").</summary>
public interface IStateView
{
    StateSections Sections { get; }
}
