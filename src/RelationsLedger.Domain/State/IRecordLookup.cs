using RelationsLedger.Domain.Aspects;

namespace RelationsLedger.Domain.State;

/// <summary>
/// What a decision looks up in a relationship's record by id: a mend's target, and whether it was retracted already. A
/// <see cref="Timeline"/> answers in constant time; <see cref="RecordedList"/> searches a list (round 50 of issue #16: a record
/// searched for every mend made a log of N mends N² to verify).
/// </summary>
public interface IRecordLookup
{
    /// <summary>The recorded fact with this event id (mends included); null when none is.</summary>
    Fact? RecordedFact(Guid eventId);

    /// <summary>The first retraction recorded of this id; null when none is.</summary>
    Fact? RetractionOf(Guid eventId);

    /// <summary>A recorded fact's current form (its standing corrections applied); null for a mend, a retracted fact or an unknown id.</summary>
    Fact? FormOf(Guid eventId);

    /// <summary>The latest standing (not retracted) correction that replaces the fields of this fact; null when none does.</summary>
    Fact? LatestFieldCorrection(Guid eventId);
}

/// <summary>A record searched as a list, for a caller that holds no <see cref="Timeline"/> of it.</summary>
public sealed class RecordedList(IReadOnlyList<Fact> recorded) : IRecordLookup
{
    /// <summary>Ids are unique; the latest are searched first, as mends mostly target recent facts.</summary>
    public Fact? RecordedFact(Guid eventId)
    {
        for (var i = recorded.Count - 1; i >= 0; i--)
            if (recorded[i].EventId == eventId) return recorded[i];
        return null;
    }

    public Fact? RetractionOf(Guid eventId)
    {
        foreach (var fact in recorded)
            if (fact.Event is EntryRetracted r && r.Target == eventId) return fact;
        return null;
    }

    public Fact? FormOf(Guid eventId) => Timeline.CurrentForm(recorded, eventId);

    /// <summary>The record searched from its end, the retracted ids gathered once (not searched for each correction met).</summary>
    public Fact? LatestFieldCorrection(Guid eventId)
    {
        HashSet<Guid>? retracted = null;
        for (var i = recorded.Count - 1; i >= 0; i--)
            if (recorded[i].Event is EntryCorrected { Replacement: not null } c && c.Target == eventId
                && !(retracted ??= [.. recorded.Select(f => f.Event).OfType<EntryRetracted>().Select(r => r.Target)]).Contains(recorded[i].EventId))
                return recorded[i];
        return null;
    }
}
