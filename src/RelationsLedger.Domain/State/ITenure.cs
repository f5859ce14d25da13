using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>
/// An item that comes into force at a date and may end later. Its status and the date of its last change
/// of status are the item's to say (a suspended designation is neither in force nor ended).
/// </summary>
public interface ITenure : IStateItem
{
    PartialDate Since { get; }
    Ending? Ended { get; }

    ItemStatus Status => Ended is null ? ItemStatus.InForce : ItemStatus.Ended;

    /// <summary>When the item's status last changed: the partial date that decides how certain the status is as of a day.</summary>
    PartialDate LastChange => Ended?.On ?? Since;
}
