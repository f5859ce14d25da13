using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Provenance;

/// <summary>Where a fact comes from. Auditors reject an unsourced fact: every event has at least one.</summary>
public sealed record Source(string Publisher, string Title, string? Url, string? Reference, PartialDate? PublishedOn);
