namespace RelationsLedger.Application.Storage;

/// <summary>An event id is already recorded in another place; event ids are unique in the whole ledger.</summary>
public sealed class DuplicateEventException(Guid eventId, string stream)
    : Exception($"Event {eventId} is already recorded in stream '{stream}'.")
{
    public Guid EventId { get; } = eventId;
    public string Stream { get; } = stream;
}
