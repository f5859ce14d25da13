namespace RelationsLedger.Domain.State;

/// <summary>
/// A kind's column in a dyad-period panel: its name and meaning with <c>{a}</c> and <c>{b}</c> for the two parties
/// (a directed kind has one column per direction, the second with the parties swapped), and what a cell holds.
/// </summary>
public sealed record PanelColumn(string Pattern, string Meaning, PanelCellKind Cell)
{
    /// <summary>
    /// The column of a kind that declares none: a single item's status word (<c>relations</c>); for tenures, how many
    /// hold (<c>designations_by_a</c>); for the latest kinds, how many took effect in the period (<c>statements_by_a</c>).
    /// </summary>
    public static PanelColumn Default(ItemKind kind)
    {
        var pattern = kind.Directed ? $"{kind.Name}_by_{{a}}" : kind.Name;
        var by = kind.Directed ? " with {a} as actor" : "";
        return kind.Shape switch
        {
            KindShape.Single => new(pattern, $"the status of the {kind.Title.ToLowerInvariant()} of {{a}} and {{b}}", PanelCellKind.Value),
            KindShape.Latest => new(pattern, $"how many {kind.Name}{by} took effect in the period ending on the date", PanelCellKind.CountInPeriod),
            _ => new(pattern, $"how many {kind.Name}{by} hold ({kind.HoldsWord}, or possibly still) as of the date", PanelCellKind.Count),
        };
    }

    /// <summary>The column's name (or meaning) for the direction from <paramref name="a"/> to <paramref name="b"/>: the pattern with the parties put in.</summary>
    public static string Fill(string pattern, string a, string b) => pattern.Replace("{a}", a, StringComparison.Ordinal).Replace("{b}", b, StringComparison.Ordinal);
}
