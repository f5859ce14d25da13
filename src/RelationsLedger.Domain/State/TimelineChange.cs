using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Domain.State;

/// <summary>What recording one fact changed in a timeline: the form that left it and the form that joined it.</summary>
/// <param name="Removed">The fact's form before (null: it had none), and its place in <see cref="Timeline.Ordered"/> (-1: not there).</param>
/// <param name="Added">The fact's form now (null: it has none), and its place in <see cref="Timeline.Ordered"/> (-1: not there).</param>
public readonly record struct TimelineChange(Fact? Removed, int RemovedAt, Fact? Added, int AddedAt)
{
    public static TimelineChange None => new(null, -1, null, -1);

    public bool IsNone => Removed is null && Added is null;
}
