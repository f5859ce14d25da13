namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// One stored version of one item: the item as it stands in the folded state for every "as of"
/// day in [<see cref="From"/>, <see cref="To"/>) (day numbers), as known from
/// <see cref="RecordedFrom"/> (ticks) until superseded. <see cref="RowId"/> is 0 until written.
/// </summary>
internal sealed class Segment(ItemKind kind, int ordinal, object item, int from, int to)
{
    public ItemKind Kind { get; } = kind;
    public int Ordinal { get; } = ordinal;
    public object Item { get; } = item;
    public int From { get; } = from;
    public int To { get; set; } = to;
    public long RowId { get; set; }
    public long RecordedFrom { get; set; }

    public (ItemKind, int) Slot => (Kind, Ordinal);

    public bool SameAs(Segment other) =>
        Kind == other.Kind && Ordinal == other.Ordinal && From == other.From && To == other.To && Item.Equals(other.Item);

    public Segment WithRange(int from, int to) => new(Kind, Ordinal, Item, from, to) { RowId = RowId, RecordedFrom = RecordedFrom };
}
