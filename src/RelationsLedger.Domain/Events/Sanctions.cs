namespace RelationsLedger.Domain.Events;

[EventType("SanctionsImposed", 1)]
public sealed record SanctionsImposed(string Actor, string Counterpart, string Programme, string Scope) : IDirectionalEvent;

[EventType("SanctionsLifted", 1)]
public sealed record SanctionsLifted(string Actor, string Counterpart, string Programme) : IDirectionalEvent;
