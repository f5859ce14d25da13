namespace RelationsLedger.Application.Storage;

/// <summary>An event to append: its id, type name, JSON data and JSON metadata (the envelope).</summary>
public sealed record EventData(Guid EventId, string Type, ReadOnlyMemory<byte> Data, ReadOnlyMemory<byte> Metadata);

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

/// <summary>
/// The stream's new last revision and the global position of the last event appended. <see cref="Repeated"/>:
/// the store recognised the append as one already made (the same event ids) and answered with its original result.
/// </summary>
public sealed record AppendResult(ulong NextExpectedRevision, GlobalPosition Position, bool Repeated = false)
{
    /// <summary>
    /// The time the store gave the appended events, when the store tells it (null: read them back to know).
    /// With it a writer can keep its cached history current without reading back what it wrote.
    /// </summary>
    public DateTimeOffset? RecordedAt { get; init; }
}

/// <summary>Which streams a read of the global log or a subscription delivers.</summary>
public sealed record StreamFilter(string? StreamPrefix)
{
    /// <summary>Every non-system stream.</summary>
    public static StreamFilter All { get; } = new((string?)null);

    /// <summary>The relationship streams of the ledger.</summary>
    public static StreamFilter Relationships { get; } = new(Domain.Parties.RelationshipKey.StreamPrefix);

    public bool Matches(string stream) =>
        !stream.StartsWith('$') && (StreamPrefix is null || stream.StartsWith(StreamPrefix, StringComparison.Ordinal));
}
