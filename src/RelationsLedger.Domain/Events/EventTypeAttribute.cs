namespace RelationsLedger.Domain.Events;

/// <summary>
/// The stored, public name and schema version of an event. Names never change; a new
/// shape of an event is a new version, never an edit of an old one.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name, int version) : Attribute
{
    public string Name { get; } = name;
    public int Version { get; } = version;
}
