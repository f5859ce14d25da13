using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>An <see cref="ItemView{T}"/> whatever its item's type, for code that shows every kind alike.</summary>
public interface IItemView
{
    ItemStatus Status { get; }
    Certainty Certainty { get; }
    ITenure Item { get; }
}
