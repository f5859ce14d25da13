using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>
/// The single item of a kind (diplomatic relations) as of a day: the item's own fields and how certain its status is then
/// — a month or a year straddling the day makes it only possible, as for a tenure (<see cref="ItemView{T}"/>).
/// </summary>
public interface ISingleView : IStateItem
{
    Certainty Certainty { get; }

    /// <summary>The item itself, without the day's certainty.</summary>
    IStateItem Item { get; }
}
