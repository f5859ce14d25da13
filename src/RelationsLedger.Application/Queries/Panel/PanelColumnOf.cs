using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Queries.Panel;

/// <summary>
/// One kind's column of a panel in one direction: its value column and its certainty column (<c>…_certainty</c>).
/// <see cref="ActorIsB"/>: the column of the direction whose actor is the relationship's second party.
/// </summary>
public sealed record PanelColumnOf(ItemKind Kind, bool ActorIsB, string Name, string Meaning)
{
    public string CertaintyName => Name + "_certainty";

    public PanelCellKind Cell => Kind.PanelColumn.Cell;

    /// <summary>The column's pandas dtype, as docs/panel.md gives it.</summary>
    public string DType => Cell == PanelCellKind.Value ? "category" : "Int64";
}
