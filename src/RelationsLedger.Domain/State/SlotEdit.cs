namespace RelationsLedger.Domain.State;

/// <summary>
/// One change of a <see cref="RelationshipState"/>'s slot: the kind's code and the place of the item it set or added
/// (<see cref="Anywhere"/>: the list may differ anywhere, a single item at 0), after the changes before it. A chain is cut after
/// <see cref="Remembered"/> changes, so a state holds a few dozen of them however long its relationship's history: what
/// is asked is what changed since a state a few facts back (the projection's fold compares consecutive days).
/// </summary>
internal sealed class SlotEdit
{
    public const int Anywhere = -1;

    public const int Remembered = 64;

    private SlotEdit(int code, int index, SlotEdit? earlier, int depth) => (Code, Index, Earlier, Depth) = (code, index, earlier, depth);

    public SlotEdit(int code, int index, SlotEdit earlier)
        : this(code, index, earlier.Depth < Remembered ? earlier : Origin(), earlier.Depth < Remembered ? earlier.Depth + 1 : 1)
    {
    }

    /// <summary>Where a chain starts: a state made from nothing, or the changes before it forgotten. Each is its own object.</summary>
    public static SlotEdit Origin() => new(Anywhere, Anywhere, null, 0);

    public int Code { get; }

    public int Index { get; }

    /// <summary>The change before this one; null for an origin.</summary>
    public SlotEdit? Earlier { get; }

    /// <summary>How many changes back the chain's origin is.</summary>
    public int Depth { get; }
}
