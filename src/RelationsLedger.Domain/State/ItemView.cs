using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>
/// One item of a relationship's state as of a day: its status, how certain that is (a partial date may
/// straddle the day), and the item with the events that made it so.
/// </summary>
public sealed record ItemView<T>(ItemStatus Status, Certainty Certainty, T Item) : IItemView where T : ITenure
{
    ITenure IItemView.Item => Item;

    public static ItemView<T> Of(T item, DateOnly asOf) => new(item.Status, item.CertaintyAsOf(asOf), item);
}
