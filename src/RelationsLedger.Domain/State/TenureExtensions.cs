using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

public static class TenureExtensions
{
    public static bool InForce(this ITenure item) => item.Status == ItemStatus.InForce;

    /// <summary>
    /// How sure we are of the item's status as of <paramref name="asOf"/>: certain once the partial date of
    /// its last change lies wholly on or before the day; otherwise the partial date straddles the day.
    /// </summary>
    public static Certainty CertaintyAsOf(this ITenure item, DateOnly asOf) => item.LastChange.CertaintyAsOf(asOf);
}
