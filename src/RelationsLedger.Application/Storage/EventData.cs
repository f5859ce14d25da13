namespace RelationsLedger.Application.Storage;

/// <summary>An event to append: its id, type name, JSON data and JSON metadata (the envelope).</summary>
public sealed record EventData(Guid EventId, string Type, ReadOnlyMemory<byte> Data, ReadOnlyMemory<byte> Metadata);
