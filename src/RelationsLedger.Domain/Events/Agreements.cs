namespace RelationsLedger.Domain.Events;

/// <summary>A treaty or memorandum; its title identifies it within the relationship.</summary>
/// <param name="Kind">security, trade, energy, transport, …</param>
[EventType("AgreementSigned", 1)]
public sealed record AgreementSigned(string PartyA, string PartyB, string Kind, string Title) : IMutualEvent;

[EventType("AgreementTerminated", 1)]
public sealed record AgreementTerminated(string PartyA, string PartyB, string Title, string? Reason) : IMutualEvent;
