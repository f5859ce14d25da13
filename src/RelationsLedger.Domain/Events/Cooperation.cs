namespace RelationsLedger.Domain.Events;

/// <summary>The actor promises help to the counterpart, e.g. against a common adversary (a party id).</summary>
[EventType("CooperationPledged", 1)]
public sealed record CooperationPledged(string Actor, string Counterpart, string Domain, string? Adversary) : IDirectionalEvent;

/// <summary>A forum, summit, delegation visit or talks.</summary>
[EventType("EngagementHeld", 1)]
public sealed record EngagementHeld(string PartyA, string PartyB, string Kind, string? Place, string Title) : IMutualEvent;

/// <summary>An official statement by the actor about the counterpart.</summary>
[EventType("StatementMade", 1)]
public sealed record StatementMade(string Actor, string Counterpart, string Speaker, Stance Stance, string Summary) : IDirectionalEvent;
