namespace RelationsLedger.Domain.State;

/// <summary>
/// An item's status as of a day, in views and read-model answers (kebab-case in JSON: <c>in-force</c>, <c>ended</c>,
/// <c>suspended</c>). Suspended: still there (listed) but not in force; only designations are suspended today.
/// </summary>
public enum ItemStatus { InForce, Ended, Suspended }
