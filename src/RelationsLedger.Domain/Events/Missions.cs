namespace RelationsLedger.Domain.Events;

/// <summary>The actor's diplomatic mission in the counterpart opens.</summary>
/// <param name="ProtectingPower">For an interests section: the party under whose flag it works.</param>
[EventType("MissionOpened", 1)]
public sealed record MissionOpened(string Actor, string Counterpart, MissionLevel Level, string? City, string? ProtectingPower) : IDirectionalEvent;

[EventType("MissionLevelChanged", 1)]
public sealed record MissionLevelChanged(string Actor, string Counterpart, MissionLevel Level, string? City, string? ProtectingPower) : IDirectionalEvent;

[EventType("MissionClosed", 1)]
public sealed record MissionClosed(string Actor, string Counterpart, string? Reason) : IDirectionalEvent;
