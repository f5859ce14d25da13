using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Projections.Relationships;

/// <summary>One item of a state at its place (ordinal) in its kind's list: the unit the read model stores.</summary>
internal readonly record struct StateItem(ItemKind Kind, int Ordinal, object Item);

/// <summary>
/// Items as the read model stores them: in their kind's binary form (<see cref="ItemCodec"/>), under their
/// kind's code, with the columns their kind indexes; and back into a state, exactly (list order is kept
/// by ordinal, so the assembled state equals the folded one).
/// </summary>
internal static class StateItems
{
    /// <summary>Items put in (kind, ordinal) order back into a state; items handed over in that order are not sorted again.</summary>
    public static RelationshipState Assemble(RelationshipKey key, IEnumerable<StateItem> items)
    {
        var sorted = items.ToList();
        if (!InOrder(sorted)) sorted.Sort(Compare);
        var byKind = new List<object>?[RelationshipModel.SlotCount];
        foreach (var i in sorted) (byKind[i.Kind.Code] ??= []).Add(i.Item);
        return RelationshipState.Of(key, byKind);
    }

    private static int Compare(StateItem a, StateItem b) => a.Kind.Code != b.Kind.Code ? a.Kind.Code.CompareTo(b.Kind.Code) : a.Ordinal.CompareTo(b.Ordinal);

    private static bool InOrder(List<StateItem> items)
    {
        for (var i = 1; i < items.Count; i++)
            if (Compare(items[i - 1], items[i]) > 0) return false;
        return true;
    }

    /// <summary>A stored item (its binary form, <see cref="ItemCodec"/>), decoded once per process (<see cref="DecodedItems"/>).</summary>
    public static object Deserialize(ItemKind kind, ReadOnlySpan<byte> payload) => DecodedItems.Get(kind, payload);

    /// <summary>The event that put the item there (for an ended item: the one that started it; the ending names its own).</summary>
    public static Guid EventIdOf(object item) => ((IStateItem)item).EventId;
}
