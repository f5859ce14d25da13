using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>Tuning of the runner.</summary>
public sealed record ProjectionOptions
{
    /// <summary>Events per transaction: larger is faster, and a crash only repeats the uncommitted batch.</summary>
    public int BatchSize { get; init; } = 5000;

    /// <summary>
    /// A catch-up into a read model with nothing applied yet loads in bulk (as a rebuild does) when the log
    /// holds at least this many events, on a store whose positions count its events (the embedded store; on KurrentDB a
    /// first catch-up reads the log in order: <see cref="ProjectionRunner"/>); null: never.
    /// </summary>
    public long? BulkLoadFrom { get; init; } = 50_000;

    /// <summary>Events per transaction of a bulk rebuild (into a fresh file without a journal).</summary>
    public int BulkCommitEvery { get; init; } = 100_000;

    /// <summary>
    /// A bulk rebuild read stream by stream folds a stream on its decoder thread when, as the stream begins, at least this many
    /// chunks decoded (of the 8 the channel holds) wait for the projection: it is behind, and the decoder has time
    /// (<see cref="IStreamFold"/>). 0: every stream; more than 8: none.
    /// </summary>
    public int FoldAheadFromBacklog { get; init; } = 4;

    /// <summary>How often (in events) progress is reported inside a batch.</summary>
    public int ProgressEvery { get; init; } = 1000;

    /// <summary>Whether query handlers catch the read model up to the end of the log before answering.</summary>
    public bool CatchUpBeforeQuery { get; init; } = true;

    /// <summary>
    /// How long a question waits for that catch-up before it is answered from the read model as it stands, saying that events
    /// since its position may be missing; null: as long as the catch-up takes. Each call to the store has its own deadline
    /// (KurrentDB's <c>defaultDeadline</c>, 10 s), and a catch-up makes several in a row, behind a live runner's batch that
    /// may be waiting on the store too: through a cluster's failover a question waited 17–22 s with no word (round 42).
    /// <c>ledger serve</c> sets it (Api:QueryWaitSeconds); the CLI waits, since its first catch-up may load a whole log.
    /// </summary>
    public TimeSpan? QueryWaitsAtMost { get; init; }

    /// <summary>
    /// How much memory the relationships the live read model holds between batches may take, by <see cref="HeldSize.InReadModel"/>
    /// (<c>ledger serve</c>: Api:ReadModelCacheMegabytes); past it a relationship restored is kept only in place of relationships
    /// that had events less often (<see cref="Relationships.RelationshipsProjection"/>), else let go, and one let go is restored from
    /// its stream and rows at its next event. Until round 46 it was 400,000 facts, whatever their size: ~0.4 GB of typical
    /// statements, and ~50 GB of the largest a request may carry.
    /// </summary>
    public long CachedBytes { get; init; } = DefaultCachedBytes;

    /// <summary>416 MB: ~412,000 typical statements (1,058 bytes each by the estimate), as many as the 400,000 facts held before.</summary>
    public const long DefaultCachedBytes = 416L << 20;
}
