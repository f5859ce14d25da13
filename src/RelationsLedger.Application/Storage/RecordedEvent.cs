namespace RelationsLedger.Application.Storage;

/// <summary>An event as the store holds it, with the place and the time the store gave it.</summary>
public sealed record RecordedEvent(
    Guid EventId,
    string Stream,
    ulong Revision,
    GlobalPosition Position,
    string Type,
    ReadOnlyMemory<byte> Data,
    ReadOnlyMemory<byte> Metadata,
    DateTimeOffset RecordedAt);
