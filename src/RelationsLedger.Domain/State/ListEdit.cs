using System.Collections.Immutable;

namespace RelationsLedger.Domain.State;

/// <summary>
/// A list after one change made by <see cref="ItemLists"/>, and the place of the item it set or added (-1: nothing changed, the
/// list is the one it was made from). <see cref="RelationshipState.With{T}(ItemKind{T}, ListEdit{T})"/> keeps the place, so
/// the projection compares that one item of two states' lists instead of walking them whole (issue #16, round 48).
/// </summary>
public readonly record struct ListEdit<T>(ImmutableList<T> Items, int Index)
{
    public static implicit operator ImmutableList<T>(ListEdit<T> edit) => edit.Items;
}
