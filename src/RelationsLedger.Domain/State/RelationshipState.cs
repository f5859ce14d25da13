using System.Collections.Immutable;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Domain.State;

/// <summary>
/// The state of one bilateral relationship after folding its facts: one slot per kind of item
/// (<see cref="RelationshipModel.Kinds"/>, at the kind's code), read and replaced through the kind.
/// Ended items stay (with the event that ended them) so that a reader sees why something is no
/// longer in force. Each aspect offers its slot as a property (<c>state.Designations</c>).
/// Immutable: <see cref="With{T}"/> returns a new state sharing every other slot, so two states
/// can be compared slot by slot by reference.
/// </summary>
public sealed class RelationshipState : IEquatable<RelationshipState>
{
    private readonly object?[] _slots;

    private RelationshipState(RelationshipKey key, object?[] slots) => (Key, _slots) = (key, slots);

    public RelationshipKey Key { get; }

    public static RelationshipState Initial(RelationshipKey key)
    {
        var slots = new object?[RelationshipModel.SlotCount];
        foreach (var kind in RelationshipModel.Kinds) slots[kind.Code] = kind.EmptySlot;
        return new(key, slots);
    }

    /// <summary>
    /// The state made of the given items, each kind's at its code (in list order; null for none): how the read model puts a
    /// state back together. Lists by code rather than (kind, item) tuples: LINQ to a tuple is a generic instantiation over a
    /// value type that the tool's ReadyToRun image does not hold, compiled at run time by every cold question.
    /// </summary>
    public static RelationshipState Of(RelationshipKey key, List<object>?[] byKind)
    {
        if (byKind.Length != RelationshipModel.SlotCount)
            throw new ArgumentException($"One list per code is expected ({RelationshipModel.SlotCount}), not {byKind.Length}.", nameof(byKind));
        var slots = new object?[RelationshipModel.SlotCount];
        foreach (var kind in RelationshipModel.Kinds) slots[kind.Code] = kind.SlotOf(byKind[kind.Code] ?? (IEnumerable<object>)[]);
        return new(key, slots);
    }

    /// <summary>The raw slot of a kind: the single item (or null), or the list.</summary>
    public object? Slot(ItemKind kind) => _slots[kind.Code];

    public ImmutableList<T> Get<T>(ItemKind<T> kind) where T : class, IStateItem => (ImmutableList<T>)_slots[kind.Code]!;

    public T? Single<T, TView>(SingleKind<T, TView> kind) where T : class, IStateItem where TView : class, ISingleView => (T?)_slots[kind.Code];

    public RelationshipState With<T>(ItemKind<T> kind, ImmutableList<T> items) where T : class, IStateItem =>
        ReferenceEquals(items, _slots[kind.Code]) ? this : Replace(kind, items);

    public RelationshipState With<T, TView>(SingleKind<T, TView> kind, T? item) where T : class, IStateItem where TView : class, ISingleView => Replace(kind, item);

    /// <summary>Adds one of the latest items, keeping only the last <see cref="LatestKind{T, TView}.Keep"/>.</summary>
    public RelationshipState WithLatest<T, TView>(LatestKind<T, TView> kind, T item) where T : class, IStateItem where TView : class, ISingleView
    {
        var items = Get(kind).Add(item);
        return Replace(kind, items.Count > kind.Keep ? items.RemoveAt(0) : items);
    }

    private RelationshipState Replace(ItemKind kind, object? slot)
    {
        var slots = (object?[])_slots.Clone();
        slots[kind.Code] = slot;
        return new(Key, slots);
    }

    /// <summary>Every item of the state with its kind and its place in its kind's list, kinds in code order.</summary>
    public IEnumerable<(ItemKind Kind, int Ordinal, object Item)> Items()
    {
        foreach (var kind in RelationshipModel.Kinds)
        {
            var items = kind.ItemsIn(this);
            for (var i = 0; i < items.Count; i++) yield return (kind, i, items[i]);
        }
    }

    public bool Equals(RelationshipState? other) =>
        other is not null && (ReferenceEquals(this, other) || (Key == other.Key && RelationshipModel.Kinds.All(k => SameSlot(Slot(k), other.Slot(k)))));

    private static bool SameSlot(object? a, object? b) => (a, b) switch
    {
        (System.Collections.IEnumerable x, System.Collections.IEnumerable y) => x.Cast<object>().SequenceEqual(y.Cast<object>()),
        _ => Equals(a, b),
    };

    public override bool Equals(object? obj) => Equals(obj as RelationshipState);

    public override int GetHashCode() => Key.GetHashCode();

    public override string ToString() => $"{Key}: {string.Join(", ", RelationshipModel.Kinds.Select(k => $"{k.Name} {k.ItemsIn(this).Count}"))}";
}
