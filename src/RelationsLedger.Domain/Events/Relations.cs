namespace RelationsLedger.Domain.Events;

[EventType("RelationsEstablished", 1)]
public sealed record RelationsEstablished(string PartyA, string PartyB) : IMutualEvent;

[EventType("RelationsSevered", 1)]
public sealed record RelationsSevered(string PartyA, string PartyB, string? Reason) : IMutualEvent;

[EventType("RelationsRestored", 1)]
public sealed record RelationsRestored(string PartyA, string PartyB) : IMutualEvent;
