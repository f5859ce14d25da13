namespace RelationsLedger.Application.Storage;

/// <summary>
/// A store whose file keeps indexes beside its log (the embedded store: SQLite's indexes of the event table by stream and
/// revision and by event id). The whole-ledger audit reads the log itself, in order of position; a relationship's record —
/// its history, its audit, its verification, the commands deciding on it and the next revision they append at — is read
/// through the (stream, revision) index. An index damaged or edited in the file (one page of it overwritten) answers those
/// readers with another record than the log holds, so the audit asks the file whether its indexes hold exactly its rows
/// (docs/audit.md, "An index that disagrees with the log"). KurrentDB keeps no such index the ledger could check: not asked.
/// </summary>
public interface IChecksItsIndexes
{
    /// <summary>What the file's own check finds wrong with its indexes and pages, at most <paramref name="most"/> lines; none when it is sound.</summary>
    Task<IReadOnlyList<string>> IndexProblemsAsync(int most, CancellationToken ct = default);

    /// <summary>The problems <paramref name="store"/>'s file finds in itself; none for a store that keeps no index of its own.</summary>
    static Task<IReadOnlyList<string>> Of(IEventStore store, int most, CancellationToken ct = default) =>
        store is IChecksItsIndexes checks ? checks.IndexProblemsAsync(most, ct) : Task.FromResult<IReadOnlyList<string>>([]);
}
