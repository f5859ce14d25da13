using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>Where a projection stands: the last event applied, how many, and the event it failed on, if any.</summary>
public sealed record Checkpoint(
    string Projection, int Version, GlobalPosition? Position, long EventsApplied, DateTimeOffset? UpdatedAt, ProjectionFailure? Failure);
