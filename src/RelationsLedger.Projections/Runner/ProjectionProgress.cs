using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>A progress report of a catch-up or rebuild: where it is, how much it did, how fast.</summary>
public sealed record ProjectionProgress(string Projection, GlobalPosition? Position, GlobalPosition? Head, long EventsThisRun, TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? EventsThisRun / Elapsed.TotalSeconds : 0;

    /// <summary>0..1 by position (positions are dense in the embedded store), or null when the head is unknown.</summary>
    public double? Fraction => Done ?? (Head is { } h && h.Commit > 0 ? Math.Min(1.0, (double)(Position?.Commit ?? 0) / h.Commit) : null);

    /// <summary>Set by a bulk rebuild, which loads stream by stream (positions are not in order): events done over the head's position.</summary>
    public double? Done { get; init; }
}

/// <summary>What <c>status</c> shows for one projection.</summary>
public sealed record ProjectionStatus(
    string Projection, int Version, string? Position, long EventsApplied, long Behind, string? Head, DateTimeOffset? UpdatedAt, ProjectionFailure? Failure, string Database)
{
    /// <summary>The ledger the read model was built from (null: none yet).</summary>
    public Guid? Ledger { get; init; }
}

/// <summary>Tuning of the runner.</summary>
public sealed record ProjectionOptions
{
    /// <summary>Events per transaction: larger is faster, and a crash only repeats the uncommitted batch.</summary>
    public int BatchSize { get; init; } = 5000;

    /// <summary>
    /// A catch-up into a read model with nothing applied yet loads in bulk (as a rebuild does) when the log
    /// holds at least this many events; null: never.
    /// </summary>
    public long? BulkLoadFrom { get; init; } = 50_000;

    /// <summary>Events per transaction of a bulk rebuild (into a fresh file without a journal).</summary>
    public int BulkCommitEvery { get; init; } = 100_000;

    /// <summary>How often (in events) progress is reported inside a batch.</summary>
    public int ProgressEvery { get; init; } = 1000;

    /// <summary>Whether query handlers catch the read model up to the end of the log before answering.</summary>
    public bool CatchUpBeforeQuery { get; init; } = true;
}
