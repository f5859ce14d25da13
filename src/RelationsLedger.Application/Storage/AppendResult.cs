namespace RelationsLedger.Application.Storage;

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
