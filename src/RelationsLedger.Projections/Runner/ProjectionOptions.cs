using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

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

    /// <summary>
    /// How long the live projection waits, once an event has come, for more to join it in one transaction (unless
    /// <see cref="BatchSize"/> are there first). Under concurrent writers the log grows one group commit (a few events) at
    /// a time, and a read-model transaction per group wrote the same pages again each time. Zero: apply what is there at once.
    /// Queries catch up before answering (<see cref="CatchUpBeforeQuery"/>), so no answer waits for it or misses what it holds back.
    /// </summary>
    public TimeSpan LiveWindow { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Whether query handlers catch the read model up to the end of the log before answering.</summary>
    public bool CatchUpBeforeQuery { get; init; } = true;
}
