using System.Globalization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// An index of the item versions by a party column (<c>actor</c> or <c>counterpart</c>), for the questions across
/// relationships: designations by a party and of a party, a party's missions. It holds only the rows of the kinds those
/// questions ask about (at 1M, 197k and 88k of 1.34M versions): of every row, each took ~2.1–2.3 s of a 1M rebuild's finish
/// and 21 MB of the file; of these, 0.7 and 0.3 s and 3 and 1.5 MB (round 31). SQLite uses a partial index only for a query
/// that repeats its condition word for word (<see cref="Condition"/>), so the query states it beside the kind asked.
/// </summary>
internal sealed class PartyIndex
{
    public static readonly PartyIndex ByActor = new("actor", [DesignationsAspect.Kind, MissionsAspect.Kind]);
    public static readonly PartyIndex ByCounterpart = new("counterpart", [DesignationsAspect.Kind]);

    public string Column { get; }
    public IReadOnlyList<ItemKind> Kinds { get; }

    /// <summary>The index's WHERE: the kinds' codes, as the query must repeat it.</summary>
    public string Condition { get; }

    public string Create => $"CREATE INDEX IF NOT EXISTS ix_item_versions_{Column} ON item_versions (kind, {Column}, valid_from) WHERE {Condition};";

    private PartyIndex(string column, ItemKind[] kinds)
    {
        (Column, Kinds) = (column, kinds);
        // The codes as strings before the join: a join of ints (Select to int) is compiled at run time by every cold question.
        Condition = kinds.Length == 1 ? $"kind = {kinds[0].Code}" : $"kind IN ({string.Join(", ", Array.ConvertAll(kinds, k => k.Code.ToString(CultureInfo.InvariantCulture)))})";
    }

    /// <summary>The index of <paramref name="column"/>; an error naming what is indexed when <paramref name="kind"/> is not in it.</summary>
    public static PartyIndex Of(ItemKind kind, string column)
    {
        var index = column switch
        {
            "actor" => ByActor,
            "counterpart" => ByCounterpart,
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Rows are found by party through 'actor' or 'counterpart' only."),
        };
        if (!index.Kinds.Contains(kind))
            throw new ArgumentOutOfRangeException(nameof(kind), kind.Name,
                $"The {column} index holds the rows of {string.Join(" and ", index.Kinds.Select(k => k.Name))} only: a question about {kind.Name} by {column} would read every version.");
        return index;
    }
}
