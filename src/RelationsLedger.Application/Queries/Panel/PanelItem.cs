using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries.Panel;

/// <summary>
/// One version of one item of a relationship: the item as the state holds it for every "as of" day in
/// [<see cref="ValidFrom"/>, <see cref="ValidTo"/>) (day numbers), at its place in its kind's list, with the actor it is
/// indexed by (<see cref="ItemKind.IndexOf"/>). An item of a latest kind (an engagement, a statement) is a moment: only
/// the first and last day of its partial date are needed (<see cref="MomentStart"/>, <see cref="MomentEnd"/>), and
/// <see cref="Item"/> may be null.
/// </summary>
public readonly record struct PanelItem(ItemKind Kind, long Ordinal, int ValidFrom, int ValidTo, string? Actor, object? Item, int MomentStart = 0, int MomentEnd = 0);
