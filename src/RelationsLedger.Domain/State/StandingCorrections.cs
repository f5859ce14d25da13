using RelationsLedger.Domain.Aspects;

namespace RelationsLedger.Domain.State;

/// <summary>
/// The corrections recorded of one fact, kept as its current form reads them. A correction sets the effective date, the event,
/// or both, so applying the standing (not retracted) corrections one by one in recording order gives each field from the latest
/// standing correction that sets it: that is all a form needs. Each field's corrections are kept in recording order with the
/// latest standing at the end; a retracted one is dropped when it comes to the end (a retraction is for good, and a correction
/// only ever joins at the end), so each is dropped once. Until round 51 of issue #16 a form was made by applying every standing
/// correction again: retracting each of a fact's k corrections applied k² of them.
/// </summary>
internal sealed class StandingCorrections
{
    private readonly List<Fact> _dates = [];
    private readonly List<Fact> _events = [];

    /// <summary>A correction recorded, not retracted (one retracted before it was recorded never stands).</summary>
    public void Add(Fact correction)
    {
        var c = (EntryCorrected)correction.Event;
        if (c.EffectiveDate is not null) _dates.Add(correction);
        if (c.Replacement is not null) _events.Add(correction);
    }

    /// <summary>A correction retracted: dropped, with those retracted before it, where it is the latest of a field.</summary>
    public void Retracted(Dictionary<Guid, Fact> retractions)
    {
        DropRetracted(_dates, retractions);
        DropRetracted(_events, retractions);
    }

    private static void DropRetracted(List<Fact> corrections, Dictionary<Guid, Fact> retractions)
    {
        var end = corrections.Count;
        while (end > 0 && retractions.ContainsKey(corrections[end - 1].EventId)) end--;
        corrections.RemoveRange(end, corrections.Count - end);
    }

    /// <summary>The latest standing correction that replaces the fact's fields.</summary>
    public Fact? LatestFieldCorrection(Dictionary<Guid, Fact> retractions) => Latest(_events, retractions, withdrawn: null);

    /// <summary>
    /// <paramref name="fact"/> with the standing corrections applied, as if <paramref name="withdrawn"/> were retracted too; the
    /// fact itself when none applies.
    /// </summary>
    public Fact Apply(Fact fact, Dictionary<Guid, Fact> retractions, Guid? withdrawn)
    {
        var date = Latest(_dates, retractions, withdrawn);
        var replacement = Latest(_events, retractions, withdrawn);
        if (date is null && replacement is null) return fact;
        return fact with
        {
            EffectiveDate = ((EntryCorrected?)date?.Event)?.EffectiveDate ?? fact.EffectiveDate,
            Event = ((EntryCorrected?)replacement?.Event)?.Replacement ?? fact.Event,
        };
    }

    /// <summary>
    /// The latest standing correction of a field once <paramref name="withdrawn"/> is left out. Only the last of the list can be
    /// the one withdrawn; the ones before it that were retracted are passed over without being dropped (a preview changes
    /// nothing), and are dropped when the withdrawal is recorded (<see cref="Retracted"/>).
    /// </summary>
    private static Fact? Latest(List<Fact> corrections, Dictionary<Guid, Fact> retractions, Guid? withdrawn)
    {
        var i = corrections.Count - 1;
        if (i >= 0 && corrections[i].EventId == withdrawn) i--;
        while (i >= 0 && retractions.ContainsKey(corrections[i].EventId)) i--;
        return i >= 0 ? corrections[i] : null;
    }
}
