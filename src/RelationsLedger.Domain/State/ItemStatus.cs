namespace RelationsLedger.Domain.State;

/// <summary>An item's status as of a day, in views and read-model answers (kebab-case in JSON: <c>in-force</c>, <c>ended</c>).</summary>
public enum ItemStatus { InForce, Ended }
