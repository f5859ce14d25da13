using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>What <c>status</c> shows for one projection.</summary>
public sealed record ProjectionStatus(
    string Projection, int Version, string? Position, long EventsApplied, long Behind, string? Head, DateTimeOffset? UpdatedAt, ProjectionFailure? Failure, string Database)
{
    /// <summary>The ledger the read model was built from (null: none yet).</summary>
    public Guid? Ledger { get; init; }

    /// <summary>
    /// Why the read model is not of the log it reads now — the event its checkpoint names is gone from there (an older copy of
    /// the store, written to since), or it names none (made by an earlier version) — so that it is made again at the next
    /// catch-up (a query, <c>serve</c>); null when it is of this log. <see cref="Behind"/> counts from a position of that other history.
    /// </summary>
    public string? Diverged { get; init; }

    /// <summary>
    /// How many events of relationships' streams the projection passed over as not the ledger's (docs/projections.md,
    /// "Failure"): their relationships' questions are refused, and answers across relationships name them.
    /// </summary>
    public long PassedOver { get; init; }

    /// <summary>
    /// How many relationships the global log no longer holds whole (docs/audit.md, "Events the store hides": a KurrentDB
    /// scavenge after another client deleted or truncated their streams): their questions are refused too.
    /// </summary>
    public long NotWhole { get; init; }

    /// <summary>
    /// The runs of positions the store's log shows empty — events deleted from the embedded store's file (docs/audit.md,
    /// "Positions left empty") — as the store words them; empty when there are none (always on KurrentDB). The read model
    /// holds what it applied before they were deleted, and one made again holds only what is left.
    /// </summary>
    public IReadOnlyList<string> DeletedFromLog { get; init; } = [];
}
