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
/// can be compared slot by slot by reference, and each state knows which items the changes since a recent state set
/// (<see cref="EditsSince"/>).
/// </summary>
public sealed class RelationshipState : IEquatable<RelationshipState>
{
    private readonly object?[] _slots;

    /// <summary>The change that made this state from the one before it, chained to the changes before that.</summary>
    private readonly SlotEdit _edit;

    /// <summary>The place of a change that may have changed a list anywhere (<see cref="EditsSince"/>).</summary>
    public const int AnyPlace = SlotEdit.Anywhere;

    private RelationshipState(RelationshipKey key, object?[] slots, SlotEdit edit) => (Key, _slots, _edit) = (key, slots, edit);

    public RelationshipKey Key { get; }

    public static RelationshipState Initial(RelationshipKey key)
    {
        var slots = new object?[RelationshipModel.SlotCount];
        foreach (var kind in RelationshipModel.Kinds) slots[kind.Code] = kind.EmptySlot;
        return new(key, slots, SlotEdit.Origin());
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
        return new(key, slots, SlotEdit.Origin());
    }

    /// <summary>The raw slot of a kind: the single item (or null), or the list.</summary>
    public object? Slot(ItemKind kind) => _slots[kind.Code];

    public ImmutableList<T> Get<T>(ItemKind<T> kind) where T : class, IStateItem => (ImmutableList<T>)_slots[kind.Code]!;

    public T? Single<T, TView>(SingleKind<T, TView> kind) where T : class, IStateItem where TView : class, ISingleView => (T?)_slots[kind.Code];

    /// <summary>The state with a kind's list replaced, changed anywhere (<see cref="EditsSince"/> tells a reader to compare it whole).</summary>
    public RelationshipState With<T>(ItemKind<T> kind, ImmutableList<T> items) where T : class, IStateItem =>
        ReferenceEquals(items, _slots[kind.Code]) ? this : Replace(kind, items, SlotEdit.Anywhere);

    /// <summary>The state with a kind's list changed at one place, which it keeps (<see cref="EditsSince"/>).</summary>
    public RelationshipState With<T>(ItemKind<T> kind, ListEdit<T> edit) where T : class, IStateItem =>
        ReferenceEquals(edit.Items, _slots[kind.Code]) ? this : Replace(kind, edit.Items, edit.Index);

    public RelationshipState With<T, TView>(SingleKind<T, TView> kind, T? item) where T : class, IStateItem where TView : class, ISingleView =>
        Replace(kind, item, 0);

    /// <summary>Adds one of the latest items, keeping only the last <see cref="LatestKind{T, TView}.Keep"/>.</summary>
    public RelationshipState WithLatest<T, TView>(LatestKind<T, TView> kind, T item) where T : class, IStateItem where TView : class, ISingleView
    {
        var items = Get(kind).Add(item);
        return Replace(kind, items.Count > kind.Keep ? items.RemoveAt(0) : items, SlotEdit.Anywhere);
    }

    private RelationshipState Replace(ItemKind kind, object? slot, int index)
    {
        var slots = (object?[])_slots.Clone();
        slots[kind.Code] = slot;
        return new(Key, slots, new SlotEdit(kind.Code, index, _edit));
    }

    /// <summary>
    /// Adds to <paramref name="edits"/> each change (the kind's code, and the place of the item it set or added, or
    /// <see cref="AnyPlace"/>) that made this state from <paramref name="earlier"/>, latest first; false when this
    /// state was not made from it by at most <see cref="SlotEdit.Remembered"/> changes (then what was added tells nothing):
    /// a reader compares two states' lists whole only then. Every other item of a list is the same object in both states.
    /// </summary>
    public bool EditsSince(RelationshipState earlier, List<(int Code, int Index)> edits)
    {
        var e = _edit;
        while (!ReferenceEquals(e, earlier._edit))
        {
            if (e.Earlier is not { } before) return false; // the chain's origin, not the earlier state's change: not made from it
            edits.Add((e.Code, e.Index));
            e = before;
        }
        return true;
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

    /// <summary>
    /// Item by item (an item is a record: equal by value, at once when it is the same object). The same list is equal at once,
    /// lists of different lengths at once: a refold compares states every few facts to find where it meets the old fold
    /// (round 52 of issue #16), and most of a state's lists are shared or differ in length.
    /// </summary>
    private static bool SameSlot(object? a, object? b) => (a, b) switch
    {
        _ when ReferenceEquals(a, b) => true,
        (System.Collections.ICollection x, System.Collections.ICollection y) => x.Count == y.Count && x.Cast<object>().SequenceEqual(y.Cast<object>()),
        _ => Equals(a, b),
    };

    public override bool Equals(object? obj) => Equals(obj as RelationshipState);

    public override int GetHashCode() => Key.GetHashCode();

    public override string ToString() => $"{Key}: {string.Join(", ", RelationshipModel.Kinds.Select(k => $"{k.Name} {k.ItemsIn(this).Count}"))}";
}
