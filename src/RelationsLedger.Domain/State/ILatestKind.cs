using System.Collections.Immutable;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>A kind of which the state keeps only the latest items.</summary>
public interface ILatestKind
{
    int Code { get; }
    int Keep { get; }
}
