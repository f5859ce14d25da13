using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>
/// An item that shows its own fields as of a day, with how certain its status is then — the single item of a kind
/// (diplomatic relations) and each of the latest (an engagement held, a statement made): a month or a year straddling the
/// day makes it only possible, as for a tenure (<see cref="ItemView{T}"/>).
/// </summary>
public interface ISingleView : IStateItem
{
    Certainty Certainty { get; }

    /// <summary>The item itself, without the day's certainty.</summary>
    IStateItem Item { get; }
}
