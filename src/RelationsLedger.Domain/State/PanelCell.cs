namespace RelationsLedger.Domain.State;

/// <summary>
/// How a dyad-period panel (docs/panel.md) shows a kind whose items have a value of their own, at most one
/// holding in each direction: a mission's level, an ambassador's name. Declared beside the kind.
/// </summary>
/// <param name="Column">The column's name, with <c>{a}</c> and <c>{b}</c> for the two parties: <c>mission_{a}_in_{b}</c>.</param>
/// <param name="Meaning">What a value says, with <c>{a}</c> and <c>{b}</c>: <c>the level of {a}'s mission in {b}</c>.</param>
/// <param name="Value">The value of the item that holds.</param>
public sealed record PanelCell<T>(string Column, string Meaning, Func<T, string> Value);
