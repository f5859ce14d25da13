namespace RelationsLedger.Domain.Events;

/// <summary>An ambassador event is about the sending party's ambassador in the receiving party.</summary>
public interface IAmbassadorEvent : IDirectionalEvent
{
    string Sending { get; }
    string Receiving { get; }
    string Person { get; }
}

/// <summary>The sending party asks the receiving party for agrément; pending until accredited.</summary>
[EventType("AmbassadorNominated", 1)]
public sealed record AmbassadorNominated(string Sending, string Receiving, string Person) : IAmbassadorEvent
{
    public string Actor => Sending;
    public string Counterpart => Receiving;
}

/// <summary>Credentials accepted: the ambassador is in post.</summary>
[EventType("AmbassadorAccredited", 1)]
public sealed record AmbassadorAccredited(string Sending, string Receiving, string Person) : IAmbassadorEvent
{
    public string Actor => Sending;
    public string Counterpart => Receiving;
}

[EventType("AmbassadorRecalled", 1)]
public sealed record AmbassadorRecalled(string Sending, string Receiving, string Person, string? Reason) : IAmbassadorEvent
{
    public string Actor => Sending;
    public string Counterpart => Receiving;
}

/// <summary>The receiving party expels the ambassador: the receiving party is the actor.</summary>
[EventType("AmbassadorExpelled", 1)]
public sealed record AmbassadorExpelled(string Sending, string Receiving, string Person, string? Reason) : IAmbassadorEvent
{
    public string Actor => Receiving;
    public string Counterpart => Sending;
}
