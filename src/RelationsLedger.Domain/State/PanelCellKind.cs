namespace RelationsLedger.Domain.State;

/// <summary>What a panel cell of a kind holds.</summary>
public enum PanelCellKind
{
    /// <summary>The value of the item that holds as of the date (a level, a status word, a name); empty when none does.</summary>
    Value,

    /// <summary>How many items hold as of the date (in force, or possibly still in force).</summary>
    Count,

    /// <summary>How many items (moments: engagements, statements) took effect in the period that ends on the date.</summary>
    CountInPeriod,
}
