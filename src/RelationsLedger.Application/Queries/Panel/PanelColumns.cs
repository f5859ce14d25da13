using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Queries.Panel;

/// <summary>
/// The columns of a panel, derived from the kinds: first the relationship and the date, then per kind (in the kinds'
/// order) its column — two for a directed kind, <c>a</c> acting then <c>b</c> — each followed by its certainty.
/// <c>a</c> and <c>b</c> are the relationship's parties in canonical order (<c>party_a</c>, <c>party_b</c>).
/// </summary>
public static class PanelColumns
{
    public const string Relationship = "relationship", PartyA = "party_a", PartyB = "party_b", Date = "date";

    public static IReadOnlyList<string> Fixed { get; } = [Relationship, PartyA, PartyB, Date];

    public static IReadOnlyList<PanelColumnOf> Of(IEnumerable<ItemKind> kinds) => kinds.SelectMany(kind =>
    {
        var column = kind.PanelColumn;
        var ab = new PanelColumnOf(kind, false, PanelColumn.Fill(column.Pattern, "a", "b"), PanelColumn.Fill(column.Meaning, "a", "b"));
        return kind.Directed
            ? new[] { ab, new PanelColumnOf(kind, true, PanelColumn.Fill(column.Pattern, "b", "a"), PanelColumn.Fill(column.Meaning, "b", "a")) }
            : [ab];
    }).ToList();

    /// <summary>Every column's name, in order: the header of a CSV panel.</summary>
    public static IEnumerable<string> Header(IEnumerable<PanelColumnOf> columns) => Fixed.Concat(columns.SelectMany(c => new[] { c.Name, c.CertaintyName }));

    /// <summary>The data dictionary of a panel of every kind: what docs/panel.md lists (a test compares them).</summary>
    public static IReadOnlyList<PanelDictionaryEntry> Dictionary(IEnumerable<ItemKind> kinds) =>
    [
        new(Relationship, "string", "the relationship, `A~B`: its two parties in canonical (ordinal) order"),
        new(PartyA, "string", "its first party, `a` in the column names"),
        new(PartyB, "string", "its second party, `b` in the column names"),
        new(Date, "datetime64[ns] (`parse_dates`)", "the day the row answers for, YYYY-MM-DD: the end of its period (a year's date is `--on`)"),
        .. Of(kinds).SelectMany(c => new[]
        {
            new PanelDictionaryEntry(c.Name, c.DType, $"{c.Kind.Name}: {c.Meaning}{(c.Cell == PanelCellKind.Value ? "; empty when none holds" : "")}"),
            new PanelDictionaryEntry(c.CertaintyName, "category", $"`certain`, or `possible` when a partial date straddles the date{(c.Cell == PanelCellKind.CountInPeriod ? " or an edge of the period" : "")}"),
        }),
    ];
}
