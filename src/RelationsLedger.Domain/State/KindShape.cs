using System.Collections.Immutable;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>How a kind of item sits in a relationship's state.</summary>
public enum KindShape
{
    /// <summary>At most one item (diplomatic relations), shown as the item itself.</summary>
    Single,

    /// <summary>Items that come into force and may end, shown with their status and its certainty as of a day.</summary>
    Tenures,

    /// <summary>The latest items of their kind (engagements, statements), shown as they are.</summary>
    Latest,
}
