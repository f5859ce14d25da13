namespace RelationsLedger.Domain.Events;

/// <summary>The actor lists the counterpart on a list (e.g. a terrorist list), under a legal authority.</summary>
[EventType("DesignationImposed", 1)]
public sealed record DesignationImposed(string Actor, string Counterpart, string List, string Authority, string? Reference) : IDirectionalEvent;

[EventType("DesignationRemoved", 1)]
public sealed record DesignationRemoved(string Actor, string Counterpart, string List, string Authority, string? Reference) : IDirectionalEvent;
