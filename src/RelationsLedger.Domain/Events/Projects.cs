namespace RelationsLedger.Domain.Events;

/// <summary>An infrastructure or investment project of the actor with the counterpart; its title identifies it.</summary>
[EventType("ProjectProposed", 1)]
public sealed record ProjectProposed(string Actor, string Counterpart, string Sector, string Title) : IDirectionalEvent;

[EventType("ProjectLaunched", 1)]
public sealed record ProjectLaunched(string Actor, string Counterpart, string Title) : IDirectionalEvent;

[EventType("ProjectCancelled", 1)]
public sealed record ProjectCancelled(string Actor, string Counterpart, string Title, string? Reason) : IDirectionalEvent;
