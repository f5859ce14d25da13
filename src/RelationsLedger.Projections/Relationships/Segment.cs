using RelationsLedger.Domain.State;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// One stored version of one item: the item as it stands in the folded state for every "as of"
/// day in [<see cref="From"/>, <see cref="To"/>) (day numbers), as known from
/// <see cref="RecordedFrom"/> (ticks) until superseded. <see cref="RowId"/> is 0 while the row is
/// only in memory (written at the end of the batch, or of the rebuild, or when superseded).
/// For the state's item lists <see cref="Ordinal"/> is the place in the list; for engagements and
/// statements (of which the state keeps the latest ten, chosen at query time) it is the sort key
/// of the fact in the timeline after its first day: (last day &lt;&lt; 32) | revision.
/// </summary>
internal sealed class Segment(ItemKind kind, long ordinal, object item, int from, int to)
{
    public ItemKind Kind { get; } = kind;
    public long Ordinal { get; } = ordinal;
    public object Item { get; } = item;
    public int From { get; } = from;
    public int To { get; } = to;
    public long RowId { get; set; }
    public long RecordedFrom { get; set; }

    /// <summary>Set once the row no longer holds (its knowledge interval ended).</summary>
    public bool Superseded { get; set; }

    public (int Code, int Ordinal) Slot => (Kind.Code, (int)Ordinal);
}

/// <summary>One current fact row: the form of a fact in the resolved timeline (mends applied), with its row.</summary>
internal sealed class FactRow(Domain.State.Fact form, long recordedFrom)
{
    public Domain.State.Fact Form { get; } = form;
    public long RecordedFrom { get; } = recordedFrom;
    public long RowId { get; set; }
    public bool Superseded { get; set; }

    /// <summary>For an engagement or a statement: its item row (the "latest ten" are picked from these at query time).</summary>
    public Segment? Latest { get; set; }
}
