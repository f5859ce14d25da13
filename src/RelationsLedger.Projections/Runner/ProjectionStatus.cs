using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>What <c>status</c> shows for one projection.</summary>
public sealed record ProjectionStatus(
    string Projection, int Version, string? Position, long EventsApplied, long Behind, string? Head, DateTimeOffset? UpdatedAt, ProjectionFailure? Failure, string Database)
{
    /// <summary>The ledger the read model was built from (null: none yet).</summary>
    public Guid? Ledger { get; init; }
}
